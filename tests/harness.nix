# The offline evaluation harness: nixpkgs' pinned lib, the pkgs double extended with our
# overlay, and NixOS evaluation against option stubs. Test files receive this set.
{system ? "x86_64-linux"}: let
  lib = import ./nixpkgs-lib.nix;
  overlay = import ../overlay.nix;
  pkgs = import ./pkgs {
    inherit lib system;
    overlays = [overlay];
  };
  nixos = import ./nixos {inherit lib pkgs;};
  modules = import ../modules;
in {
  inherit lib pkgs nixos modules;
  atprotoLib = import ../lib {inherit lib;};

  # A NixOS configuration with the given modules plus every atpkgs module, checked.
  system = extraModules: nixos.system ([modules.default] ++ extraModules);

  # The same without NixOS's final checks (to inspect assertions themselves).
  eval = extraModules: nixos.eval ([modules.default] ++ extraModules);

  # Representative configurations, one per file in tests/configurations/.
  configurations = let
    files = builtins.attrNames (builtins.readDir ./configurations);
  in
    lib.genAttrs (map (lib.removeSuffix ".nix") files) (name: ./configurations + "/${name}.nix");
}
