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

  lockPinsTheInputs = {
    expr = let
      lock = builtins.fromJSON (builtins.readFile ../../flake.lock);
    in
      lib.mapAttrs (_: node: {inherit (node.locked) rev narHash;}) (removeAttrs lock.nodes ["root"]);
    expected = {
      nixpkgs = {
        rev = "ae814fd3904b621d8ab97418f1d0f2eb0d3716f4";
        narHash = "sha256-YRqMDEtSMbitIMj+JLpheSz0pwEr0Rmy5mC7myl17xs=";
      };
      crane = {
        rev = "50700219af884287ad7c85507e2f163b23a027a9";
        narHash = "sha256-aotggLUXjlDGqKWibGPQcMZJGgdr79S21ISrv1Wz6RI=";
      };
    };
  };
}
