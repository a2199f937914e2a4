# Every package instantiates and every module has a representative configuration that
# evaluates with NixOS's checks.
{
  lib,
  pkgs,
  modules,
  configurations,
  system,
  nixos,
  ...
}: let
  packages = lib.filterAttrs (_: lib.isDerivation) pkgs.atproto;
  serviceModules = removeAttrs modules ["default" "atproto-common"];
in {
  everyPackageInstantiates = {
    expr = lib.filterAttrs (_: package: !(builtins.tryEval package.drvPath).success) packages;
    expected = {};
  };

  everyPackageFollowsNaming = {
    expr = builtins.filter (name: !pkgs.atproto.atprotoLib.isPackageAttrName name) (builtins.attrNames packages);
    expected = [];
  };

  # nixpkgs' update tooling finds an update script on every package that pins a fetched
  # source (the others build from this repository or from another package's source).
  packagesWithUpdateScripts = {
    expr = lib.attrNames (lib.filterAttrs (_: package: package ? passthru.updateScript) packages);
    expected = ["atproto-pds" "atscan-plcbundle" "baileytownsend-pds-gatekeeper" "blacksky-rsky" "bluesky-atproto" "bluesky-goat" "bluesky-indigo" "haileyok-cocoon" "likeandscribe-frontpage" "microcosm-allegedly" "microcosm-rs" "nalgeon-sqlean" "smokesignal-quickdid" "tangled-appview" "tangled-knot" "tangled-spindle" "teal-fm-teal" "whyrusleeping-konbini" "witchcraft-systems-pds-dash"];
  };

  updateScriptBumpsItsOwnFile = {
    expr = pkgs.atproto.bluesky-indigo.passthru.updateScript;
    expected = [(lib.getExe pkgs.atproto.atpkgs-update) "bump" "pkgs/bluesky/indigo/package.nix" "--from-upstream" "--latest"];
  };

  everyModuleHasAConfiguration = {
    expr = builtins.filter (name: !configurations ? ${name}) (builtins.attrNames serviceModules);
    expected = [];
  };

  everyConfigurationEvaluates = {
    expr = lib.filterAttrs (_: configuration: !(builtins.tryEval (builtins.deepSeq (system [configuration]).systemd.services true)).success) configurations;
    expected = {};
  };

  nurEntryPointHasLibModulesOverlaysAndPackages = {
    expr = let
      nur = import ../../default.nix {inherit pkgs;};
    in {
      lib = nur.lib ? types;
      modules = nur.modules ? default;
      overlay = builtins.isFunction nur.overlays.default;
      packages = builtins.attrNames (removeAttrs nur ["lib" "modules" "overlays"]);
    };
    expected = {
      lib = true;
      modules = true;
      overlay = true;
      packages = builtins.attrNames packages;
    };
  };

  everyRequiredUnitExists = {
    expr = lib.filterAttrs (_: missing: missing != []) (lib.mapAttrs (_: configuration: let
      config = system [configuration];
      provided = nixos.providedUnits config;
    in
      lib.concatLists (lib.mapAttrsToList (name: service:
        map (unit: "${name} requires ${unit}") (lib.subtractLists provided (service.requires ++ service.bindsTo)))
      config.systemd.services))
    configurations);
    expected = {};
  };

  # systemd expands specifiers (%S, %d, …) in unit settings, not in the scripts it runs.
  noSpecifiersInScripts = {
    expr = lib.concatLists (lib.mapAttrsToList (_: configuration:
      lib.concatLists (lib.mapAttrsToList (name: service:
        lib.optional (builtins.match ".*%[a-zA-Z].*" (service.script + service.preStart) != null) name)
      (system [configuration]).systemd.services))
    configurations);
    expected = [];
  };

  defaultModuleImportsEveryModule = {
    expr = builtins.length modules.default.imports;
    expected = builtins.length (builtins.attrNames modules) - 1;
  };
}
