# The lockfile transcriber, which the builders' lockfile-exact Node mode runs at build time
# (lib/packaging/node-deps-hook.sh).
{
  lib,
  craneLib,
}:
import ../workspace-crate.nix {inherit lib craneLib;} {
  crate = "atpkgs-lock";
  description = "Transcribes Node lockfiles into one pinned fetch per dependency";
}
