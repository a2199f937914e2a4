# Stands in for the crane flake input when tests evaluate flake.nix: the crane double.
{pkgs}:
import ../../pkgs/crane.nix {
  inherit (pkgs) lib stdenv;
  self = pkgs;
}
