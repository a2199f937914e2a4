# `nix flake check` on a machine with nixpkgs: the lint crate and its tests, the lint and the
# format check over the repository, the offline Nix tests, and the hardening check on units
# rendered by real NixOS from every representative configuration.
{
  pkgs,
  self,
  tools,
}: let
  inherit (pkgs) lib;

  # The flake's own source: the files git tracks.
  source = self;

  unitTests = import ./unit.nix {};
  failedUnitTests = builtins.filter (test: !test.passed) unitTests;

  evalNixos = configuration:
    (import (pkgs.path + "/nixos/lib/eval-config.nix") {
      modules = [
        self.nixosModules.default
        configuration
        {
          boot.isContainer = true;
          system.stateVersion = "25.11";
          nixpkgs.pkgs = pkgs;
        }
      ];
    })
    .config;

  baselineServices = builtins.attrNames (evalNixos {}).systemd.services;

  # Units our modules add to a configuration, as NixOS renders them.
  ownUnits = configuration: let
    config = evalNixos configuration;
    names = lib.subtractLists baselineServices (builtins.attrNames config.systemd.services);
  in
    map (name: {
      name = "${name}.service";
      text = config.systemd.units."${name}.service".text;
    })
    names;

  renderedUnits = lib.concatLists (lib.mapAttrsToList (configuration: file:
    map (unit: {
      name = "${configuration}/${unit.name}";
      path = pkgs.writeText unit.name unit.text;
    }) (ownUnits file))
  (import ./harness.nix {}).configurations);
in {
  atpkgs-tools = tools;

  lint = pkgs.runCommand "atpkgs-lint-check" {} ''
    cd ${source}
    ${tools}/bin/atpkgs-lint check .
    touch $out
  '';

  format = pkgs.runCommand "atpkgs-format-check" {} ''
    cd ${source}
    ${tools}/bin/atpkgs-fmt --check --exclude crates/atpkgs-lint/tests/fixtures .
    touch $out
  '';

  nix-tests =
    if failedUnitTests == []
    then pkgs.runCommand "atpkgs-nix-tests" {} "echo ${toString (builtins.length unitTests)} tests passed; touch $out"
    else throw "Nix tests failed:\n${lib.concatMapStringsSep "\n" (test: "${test.name}: ${test.detail}") failedUnitTests}";

  hardening = pkgs.runCommand "atpkgs-hardening-check" {nativeBuildInputs = with pkgs; [systemd gawk gnused findutils];} ''
    mkdir units
    ${lib.concatMapStringsSep "\n" (unit: "mkdir -p units/$(dirname ${unit.name}); cp ${unit.path} units/${unit.name}") renderedUnits}
    bash ${./check-hardening} units
    touch $out
  '';
}
