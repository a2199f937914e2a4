# NUR entry point: `lib`, `modules`, `overlays` and every package of `pkgs.atproto`.
{pkgs ? import <nixpkgs> {}}: let
  inherit (pkgs) lib;
  # A package set that already has our overlay keeps its scope.
  atproto = pkgs.atproto or (pkgs.extend (import ./overlay.nix {})).atproto;
in
  {
    lib = import ./lib {inherit lib;};
    modules = import ./modules;
    overlays.default = import ./overlay.nix {};
  }
  // lib.filterAttrs (_: lib.isDerivation) atproto
