# NUR entry point: `lib`, `modules`, `overlays` and every package of `pkgs.atproto`.
{pkgs ? import <nixpkgs> {}}: let
  inherit (pkgs) lib;
  atproto = import ./pkgs {inherit (pkgs) lib newScope;};
in
  {
    lib = import ./lib {inherit lib;};
    modules = import ./modules;
    overlays.default = import ./overlay.nix;
  }
  // lib.filterAttrs (_: lib.isDerivation) atproto
