# expect-warning: crane: cargoExtraArgs = "-p server" drops crane's default --locked
{pkgs, ...}:
(pkgs.atproto.craneLib.buildPackage {
  pname = "server";
  version = "1";
  src = pkgs.writeText "src" "";
  # atpkgs-lint: allow(crane-locked): the test checks that the crane double warns
  cargoExtraArgs = "-p server";
})
.drvPath
