# The `pkgs.atproto` scope: atpkgs' builders (lib/packaging.nix) and every
# `pkgs/<org>/<name>/package.nix` as `<org>-<name>`, called with nixpkgs and this scope.
{
  lib,
  newScope,
  craneLib,
}: let
  inherit (builtins) attrNames filter readDir;

  directories = path: let
    entries = readDir path;
  in
    filter (name: entries.${name} == "directory") (attrNames entries);

  atprotoLib = import ../lib {inherit lib;};

  packagesOf = scope: org:
    map (name: {
      name = atprotoLib.packageAttrName org name;
      value = scope.callPackage (./. + "/${org}/${name}/package.nix") {};
    }) (directories (./. + "/${org}"));
in
  lib.makeScope newScope (self:
    {
      inherit craneLib atprotoLib;
    }
    // import ../lib/packaging.nix {inherit (self) callPackage;}
    // lib.listToAttrs (lib.concatMap (packagesOf self) (directories ./.)))
