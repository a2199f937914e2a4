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
    map (name: let
      file = ./. + "/${org}/${name}/package.nix";
    in {
      name = atprotoLib.packageAttrName org name;
      value = withUpdateScript scope "pkgs/${org}/${name}/package.nix" file (scope.callPackage file {});
    }) (directories (./. + "/${org}"));

  # A package whose file pins a fetched source gets nixpkgs' `passthru.updateScript`: run from
  # the repository's root (as nixpkgs' update tooling does), it moves the pin to the newest tag
  # or commit upstream and redoes the hashes (`atpkgs-update`, docs/updating.md).
  pinsASource = file: builtins.match ".*(rev|tag) = [^;]*;.*hash = \"sha256-.*" (builtins.readFile file) != null;
  withUpdateScript = scope: relative: file: package:
    if !(pinsASource file)
    then package
    else let
      updateScript = [(lib.getExe scope.atpkgs-update) "bump" relative "--from-upstream" "--latest"];
    in
      package
      // {
        inherit updateScript;
        passthru = (package.passthru or {}) // {inherit updateScript;};
      };
in
  lib.makeScope newScope (self:
    {
      inherit craneLib atprotoLib;
    }
    // import ../lib/packaging.nix {inherit (self) callPackage;}
    // lib.listToAttrs (lib.concatMap (packagesOf self) (directories ./.)))
