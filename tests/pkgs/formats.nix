# `pkgs.formats` (RFC 42 settings): each format is `{ type; generate; }` like nixpkgs'
# pkgs-lib/formats.nix, with the same value types (TOML has no null, INI is sections).
{
  lib,
  writeText,
  runCommand,
}: let
  inherit (lib) types;

  jsonValue =
    types.nullOr (types.oneOf [
      types.bool
      types.int
      types.float
      types.str
      types.path
      (types.attrsOf jsonValue)
      (types.listOf jsonValue)
    ])
    // {description = "JSON value";};

  tomlValue =
    types.oneOf [
      types.bool
      types.int
      types.float
      types.str
      types.path
      (types.attrsOf tomlValue)
      (types.listOf tomlValue)
    ]
    // {description = "TOML value";};

  iniAtom = types.nullOr (types.oneOf [types.bool types.int types.float types.str]) // {description = "INI atom (null, bool, int, float or string)";};

  # Converted by a derivation, as nixpkgs does with remarshal.
  converted = format: name: value:
    runCommand name {
      value = builtins.toJSON value;
      passAsFile = ["value"];
      inherit format;
    } "convert-to-${format}";
in {
  json = {}: {
    type = jsonValue;
    generate = name: value: writeText name (builtins.toJSON value);
  };

  yaml = {}: {
    type = jsonValue;
    generate = converted "yaml";
  };

  yaml_1_2 = {}: {
    type = jsonValue;
    generate = converted "yaml";
  };

  toml = {}: {
    type = types.attrsOf tomlValue;
    generate = converted "toml";
  };

  ini = {listsAsDuplicateKeys ? false, ...}: {
    type = types.attrsOf (types.attrsOf (
      if listsAsDuplicateKeys
      then types.coercedTo iniAtom lib.singleton (types.listOf iniAtom)
      else iniAtom
    ));
    generate = name: value: writeText name (lib.generators.toINI {inherit listsAsDuplicateKeys;} value);
  };

  keyValue = {...}: {
    type = types.attrsOf iniAtom;
    generate = name: value: writeText name (lib.generators.toKeyValue {} value);
  };
}
