# atpkgs-update, built from this repository's Cargo workspace: every package's
# `passthru.updateScript` runs it (pkgs/default.nix).
{
  lib,
  craneLib,
  git,
  makeWrapper,
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
    pname = "atpkgs-update";
    version = "0.1.0";
    strictDeps = true;
    cargoExtraArgs = "--locked -p atpkgs-update";
  };
in
  craneLib.buildPackage (common
    // {
      cargoArtifacts = craneLib.buildDepsOnly common;
      # It reads upstream snapshots with git, and its tests make repositories with it.
      nativeBuildInputs = [makeWrapper];
      nativeCheckInputs = [git];
      postInstall = ''
        wrapProgram $out/bin/atpkgs-update --prefix PATH : ${lib.makeBinPath [git]}
      '';
      meta = {
        description = "Moves package pins to newer upstream commits and tags, recomputing their hashes";
        homepage = "https://github.com/atpkgs/atpkgs";
        license = lib.licenses.mit;
        mainProgram = "atpkgs-update";
        platforms = lib.platforms.unix;
      };
    })
