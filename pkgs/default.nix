# The `pkgs.atproto` scope: every `pkgs/<org>/<name>/package.nix` as `<org>-<name>`,
# called with nixpkgs and this scope (so packages and builders can use each other).
{
  lib,
  newScope,
}: let
  inherit (builtins) attrNames filter readDir;

  directories = path: let
    entries = readDir path;
  in
    filter (name: entries.${name} == "directory") (attrNames entries);

  packagesOf = scope: org:
    map (name: {
      name = "${org}-${name}";
      value = scope.callPackage (./. + "/${org}/${name}/package.nix") {};
    }) (directories (./. + "/${org}"));
in
  lib.makeScope newScope (self:
    {
      atprotoLib = import ../lib {inherit lib;};
    }
    // lib.listToAttrs (lib.concatMap (packagesOf self) (directories ./.)))
