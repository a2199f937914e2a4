# The pin updater, which every package's `passthru.updateScript` runs (pkgs/default.nix).
{
  lib,
  craneLib,
  git,
  makeWrapper,
}:
import ../workspace-crate.nix {inherit lib craneLib;} {
  crate = "atpkgs-update";
  description = "Moves package pins to newer upstream commits and tags, recomputing their hashes";
  # It reads upstream snapshots with git, and its tests make repositories with it.
  nativeBuildInputs = [makeWrapper];
  nativeCheckInputs = [git];
  postInstall = ''
    wrapProgram $out/bin/atpkgs-update --prefix PATH : ${lib.makeBinPath [git]}
  '';
}
