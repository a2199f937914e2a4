# atpkgs-lock, built from this repository's Cargo workspace: the builders' lockfile-exact Node
# mode runs it at build time (lib/packaging/node-deps-hook.sh).
{
  lib,
  craneLib,
}: let
  root = ../../..;
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
    pname = "atpkgs-lock";
    version = "0.1.0";
    strictDeps = true;
    cargoExtraArgs = "--locked -p atpkgs-lock";
  };
in
  craneLib.buildPackage (common
    // {
      cargoArtifacts = craneLib.buildDepsOnly common;
      meta = {
        description = "Transcribes Node lockfiles into one pinned fetch per dependency";
        homepage = "https://github.com/atpkgs/atpkgs";
        license = lib.licenses.mit;
        mainProgram = "atpkgs-lock";
        platforms = lib.platforms.unix;
      };
    })
