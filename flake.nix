{
  description = "Nix packages, NixOS modules and a Nix library for the AT Protocol (Bluesky) ecosystem";

  inputs = {
    # The API the test double models (docs/testing.md); users can follow their own nixpkgs.
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-26.05";
    crane.url = "github:ipetkov/crane/v0.23.4";
  };

  outputs = {
    self,
    nixpkgs,
    crane,
  }: let
    inherit (nixpkgs) lib;
    systems = ["x86_64-linux" "aarch64-linux"];

    pkgsFor = system:
      import nixpkgs {
        inherit system;
        overlays = [self.overlays.default];
      };

    forAllSystems = f: lib.genAttrs systems (system: f (pkgsFor system));

    toolsFor = pkgs:
      import ./crates {
        inherit (pkgs) lib;
        craneLib = crane.mkLib pkgs;
      };
  in {
    lib = import ./lib {inherit lib;};

    overlays.default = import ./overlay.nix {inherit crane;};

    packages = forAllSystems (pkgs: lib.filterAttrs (_: lib.isDerivation) pkgs.atproto);

    nixosModules = import ./modules;

    checks = forAllSystems (pkgs:
      self.packages.${pkgs.system}
      // import ./tests/flake-checks.nix {
        inherit pkgs self;
        tools = toolsFor pkgs;
      });

    # alejandra 3.1 (the crate atpkgs-fmt wraps), which the repository is formatted with.
    formatter =
      forAllSystems (pkgs:
        pkgs.writeShellScriptBin "atpkgs-fmt" ''exec ${toolsFor pkgs}/bin/atpkgs-fmt "$@"'');

    devShells = forAllSystems (pkgs: {
      default = pkgs.mkShell {
        packages = with pkgs; [cargo clippy rustc rustfmt nix python3 systemd];
      };
    });
  };
}
