# Stands in for the nixpkgs flake input when tests evaluate flake.nix: the pkgs double.
{
  system ? "x86_64-linux",
  overlays ? [],
  ...
}:
import ../../pkgs {
  lib = import ../../nixpkgs-lib.nix;
  inherit system overlays;
}
