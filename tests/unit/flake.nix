# flake.nix evaluates with its inputs replaced by the test doubles: the outputs it promises
# exist for both systems.
{lib, ...}: let
  inputs = {
    nixpkgs = {
      lib = import ../nixpkgs-lib.nix;
      outPath = ../flake-inputs/nixpkgs;
    };
    crane = {
      outPath = ../flake-inputs/crane;
      mkLib = pkgs: import ../flake-inputs/crane {inherit pkgs;};
    };
  };
  flake = import ../../flake.nix;
  outputs = flake.outputs (inputs // {self = outputs;});
  systems = ["aarch64-linux" "x86_64-linux"];
in {
  outputsArePresent = {
    expr = builtins.attrNames outputs;
    expected = ["checks" "devShells" "formatter" "lib" "nixosModules" "overlays" "packages"];
  };

  perSystemOutputsCoverBothSystems = {
    expr = map (name: builtins.attrNames outputs.${name}) ["packages" "checks" "formatter" "devShells"];
    expected = [systems systems systems systems];
  };

  packagesAreTheScopesDerivations = {
    expr = builtins.attrNames outputs.packages.x86_64-linux;
    expected = builtins.attrNames (lib.filterAttrs (_: lib.isDerivation) (import ../harness.nix {}).pkgs.atproto);
  };

  packagesInstantiate = {
    expr = builtins.all (package: lib.hasSuffix ".drv" package.drvPath) (builtins.attrValues outputs.packages.x86_64-linux);
    expected = true;
  };

  checksIncludeLintTestsAndPackages = {
    expr = lib.subtractLists (builtins.attrNames outputs.packages.x86_64-linux) (builtins.attrNames outputs.checks.x86_64-linux);
    expected = ["atpkgs-tools" "format" "hardening" "lint" "nix-tests"];
  };

  nixosModulesAreTheModuleSet = {
    expr = builtins.attrNames outputs.nixosModules;
    expected = builtins.attrNames (import ../../modules);
  };

  libIsTheLibrary = {
    expr = outputs.lib.types ? did && outputs.lib.service ? hardening;
    expected = true;
  };

  # nixos-26.05 as nix-community/home-manager's release-26.05 flake.lock pins it (commit
  # 65258d5c65a250189fde2e35f490d15e064c4c62); crane v0.23.4, whose narHash src-hash computes
  # from the tag (and crane's own test/flake.lock at edb38893982a3338972bb4a2ec7ce7c29ba10fd9 pins).
  lockPinsTheInputs = {
    expr = let
      lock = builtins.fromJSON (builtins.readFile ../../flake.lock);
    in
      lib.mapAttrs (_: node: {inherit (node.locked) rev narHash;} // {ref = node.original.ref or null;}) (removeAttrs lock.nodes ["root"]);
    expected = {
      nixpkgs = {
        rev = "5880666fd9eb563038431edb35c2d0aa595884e6";
        narHash = "sha256-OURZPknrTjQrlNyxPdqzyqmU/81Wes1CUP/Ft1Rv/YI=";
        ref = "nixos-26.05";
      };
      crane = {
        rev = "10e6e3cb966f7cfcc789fe5eee7a85f3188ce08b";
        narHash = "sha256-nnGD2f8OlAZT2i5OfwikJsw+ifWfiA4d6A8BWlgOXV0=";
        ref = "v0.23.4";
      };
    };
  };

  # The lock follows flake.nix's inputs (else Nix would lock anew) and the overlay's own crane
  # (used without flakes) is the locked one.
  lockMatchesInputsAndOverlay = {
    expr = let
      lock = builtins.fromJSON (builtins.readFile ../../flake.lock);
      original = node: "github:${node.original.owner}/${node.original.repo}/${node.original.ref}";
      overlay = builtins.readFile ../../overlay.nix;
    in {
      nixpkgs = original lock.nodes.nixpkgs == flake.inputs.nixpkgs.url;
      crane = original lock.nodes.crane == flake.inputs.crane.url;
      overlayCrane = lib.hasInfix "crane/archive/${lock.nodes.crane.locked.rev}.tar.gz" overlay && lib.hasInfix lock.nodes.crane.locked.narHash overlay;
    };
    expected = {
      nixpkgs = true;
      crane = true;
      overlayCrane = true;
    };
  };
}
