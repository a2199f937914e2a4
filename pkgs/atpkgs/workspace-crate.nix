# One crate of this repository's Cargo workspace, built and tested with crane (the packages
# atpkgs-lint, atpkgs-lock and atpkgs-update).
{
  lib,
  craneLib,
}: {
  crate,
  description,
  ...
} @ args: let
  root = ../..;
  relative = path: lib.removePrefix (toString root + "/") (toString path);
  # Cargo needs every workspace member's manifest; only this crate is built and tested.
  inWorkspace = path: type:
    lib.elem (relative path) ["Cargo.toml" "Cargo.lock" "crates"]
    || (lib.hasPrefix "crates/" (relative path) && !(type == "directory" && baseNameOf path == "target"));
  common = {
    src = lib.cleanSourceWith {
      src = lib.cleanSource root;
      filter = inWorkspace;
    };
    pname = crate;
    version = "0.1.0";
    strictDeps = true;
    cargoExtraArgs = "--locked -p ${crate}";
  };
in
  craneLib.buildPackage (common
    // removeAttrs args ["crate" "description"]
    // {
      cargoArtifacts = craneLib.buildDepsOnly common;
      meta = {
        inherit description;
        homepage = "https://github.com/atpkgs/atpkgs";
        license = lib.licenses.mit;
        mainProgram = crate;
        platforms = lib.platforms.unix;
      };
    })
