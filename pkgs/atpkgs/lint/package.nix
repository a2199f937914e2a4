# The linter of ATproto Nix trees, also what the pre-commit hook runs when it is on PATH
# (docs/lint.md).
{
  lib,
  craneLib,
  git,
  makeWrapper,
}:
import ../workspace-crate.nix {inherit lib craneLib;} {
  crate = "atpkgs-lint";
  description = "ATproto-aware linter for Nix package sets and NixOS modules";
  # `check --changed-since` asks git what changed, and its tests make repositories with it.
  nativeBuildInputs = [makeWrapper];
  nativeCheckInputs = [git];
  postInstall = ''
    wrapProgram $out/bin/atpkgs-lint --prefix PATH : ${lib.makeBinPath [git]}
  '';
}
