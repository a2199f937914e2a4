{craneLib}: {
  server = craneLib.buildPackage {
    pname = "server";
    version = "1";
    src = ./.;
    cargoExtraArgs = "-p server --bin server";
  };
  tool = craneLib.buildPackage {
    pname = "tool";
    version = "1";
    src = ./.;
    cargoExtraArgs = "";
  };
}
