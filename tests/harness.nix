# The offline evaluation harness: nixpkgs' pinned lib, the pkgs double extended with our
# overlay, and NixOS evaluation against option stubs. Test files receive this set.
{system ? "x86_64-linux"}: let
  lib = import ./nixpkgs-lib.nix;
  # Our overlay, with crane replaced by its double (never fetched).
  overlays = [
    (import ../overlay.nix {crane = throw "the harness uses the crane double";})
    (final: prev: {
      atproto = prev.atproto.overrideScope (_: _: {
        craneLib = import ./pkgs/crane.nix {
          inherit lib;
          inherit (final) stdenv;
          self = final;
        };
      });
    })
  ];
  pkgs = import ./pkgs {inherit lib system overlays;};
  nixos = import ./nixos {inherit lib pkgs;};
  modules = import ../modules;
in {
  inherit lib pkgs nixos modules;
  atprotoLib = import ../lib {inherit lib;};

  # A NixOS configuration with the given modules plus every atpkgs module, checked.
  system = extraModules: nixos.system ([modules.default] ++ extraModules);

  # The same without NixOS's final checks (to inspect assertions themselves).
  eval = extraModules: nixos.eval ([modules.default] ++ extraModules);

  # The options of the same evaluation (what the option reference documents).
  options = extraModules: (nixos.evalModules ([modules.default] ++ extraModules)).options;

  # Representative configurations, one per file in tests/configurations/.
  configurations = let
    files = builtins.attrNames (builtins.readDir ./configurations);
  in
    lib.genAttrs (map (lib.removeSuffix ".nix") files) (name: ./configurations + "/${name}.nix");
}
