# atpkgs' own tools (atpkgs-lint, atpkgs-fmt), built from this workspace with crane.
{
  lib,
  craneLib,
}: let
  workspace = {
    src = lib.fileset.toSource {
      root = ../.;
      # The crates' tests also read the rule documentation and the repository's configuration.
      fileset = lib.fileset.unions [../Cargo.toml ../Cargo.lock ./. ../docs/lint-rules.md ../docs/lint.md ../atpkgs-lint.toml];
    };
    pname = "atpkgs-tools";
    version = "0.1.0";
    strictDeps = true;
  };
in
  craneLib.buildPackage (workspace
    // {
      cargoArtifacts = craneLib.buildDepsOnly workspace;
      meta = {
        description = "Lint and format checks for atpkgs and other Nix code bases";
        license = lib.licenses.mit;
        mainProgram = "atpkgs-lint";
        platforms = lib.platforms.unix;
      };
    })
