# Every package instantiates and every module has a representative configuration that
# evaluates with NixOS's checks.
{
  lib,
  pkgs,
  modules,
  configurations,
  system,
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

  defaultModuleImportsEveryModule = {
    expr = builtins.length modules.default.imports;
    expected = builtins.length (builtins.attrNames modules) - 1;
  };
}
