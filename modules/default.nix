# NixOS modules by name: `modules/<org>/<name>.nix` is `<org>-<name>`. Each one brings
# `atproto-common` (`atproto.endpoints`) along and receives the library as `atprotoLib`; `default` imports them all.
let
  inherit (builtins) attrNames concatMap listToAttrs match readDir;

  directories = path: let
    entries = readDir path;
  in
    builtins.filter (name: entries.${name} == "directory") (attrNames entries);

  modulesOf = org:
    concatMap (file: let
      stem = match "(.*)\\.nix" file;
    in
      if stem == null
      then []
      else [
        {
          name = "${org}-${builtins.head stem}";
          value = ./. + "/${org}/${file}";
        }
      ]) (attrNames (readDir (./. + "/${org}")));

  paths = listToAttrs (concatMap modulesOf (directories ./.));

  withAtprotoLib = import ./with-atproto-lib.nix;

  wrap = name: path: {
    _file = "atpkgs#nixosModules.${name}";
    imports = [(withAtprotoLib paths.atproto-common) (withAtprotoLib path)];
  };

  named = builtins.mapAttrs wrap paths;
in
  named
  // {
    default = {
      _file = "atpkgs#nixosModules.default";
      imports = builtins.attrValues named;
    };
  }
