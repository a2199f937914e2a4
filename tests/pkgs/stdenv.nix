# `stdenv.mkDerivation` as nixpkgs has it at our pin, minus the building: the attrset or
# `finalAttrs:` forms, `overrideAttrs`, `passthru`, `meta`, and the `env` checks.
{
  lib,
  system,
}: let
  inherit (lib) concatMapStringsSep isDerivation isFunction;

  # How mkDerivation turns an attribute into a derivation input.
  toDrvValue = value:
    if builtins.isBool value
    then
      (
        if value
        then "1"
        else ""
      )
    else if builtins.isList value
    then concatMapStringsSep " " toDrvValue value
    else if value == null
    then ""
    else value;

  isDrvInput = value:
    builtins.isString value
    || builtins.isInt value
    || builtins.isBool value
    || builtins.isPath value
    || builtins.isFloat value
    || value == null
    || isDerivation value
    || (builtins.isList value && builtins.all isDrvInput value);

  checkEnv = attrs: let
    env = attrs.env or {};
    overlapping = builtins.filter (name: attrs ? ${name}) (builtins.attrNames env);
    badType = builtins.filter (name: let
      value = env.${name};
    in
      !(builtins.isString value || builtins.isBool value || builtins.isInt value || isDerivation value))
    (builtins.attrNames env);
  in
    if overlapping != []
    then
      throw ("The `env` attribute set cannot contain any attributes passed to derivation. The following attributes are overlapping:\n"
        + concatMapStringsSep "\n" (name: "  - ${name}: in `env`: ${toString env.${name}}; in derivation arguments: ${toString attrs.${name}}") overlapping)
    else if badType != []
    then throw "The `env` attribute set can only contain derivation, string, boolean or integer attributes. The `${builtins.head badType}` attribute is of type ${builtins.typeOf env.${builtins.head badType}}."
    else env;

  derivationName = attrs:
    attrs.name
    or (
      if attrs ? pname && attrs ? version
      then "${attrs.pname}-${attrs.version}"
      else throw "mkDerivation: neither `name` nor both `pname` and `version` are set"
    );

  drvAttrs = attrs: let
    # Structured attributes change how the builder sees them, which never runs here.
    kept = lib.filterAttrs (name: value: !builtins.elem name ["meta" "passthru" "env" "__structuredAttrs"] && isDrvInput value) attrs;
  in
    lib.mapAttrs (_: toDrvValue) (kept // checkEnv attrs)
    // {
      name = derivationName attrs;
      inherit system;
      builder = "/bin/sh";
      args = ["-c" "echo 'atpkgs test double: never built' >&2; exit 1"];
    };

  # attrs -> derivation with the attributes nixpkgs packages carry.
  makeDerivation = attrs: let
    drv = builtins.derivation (drvAttrs attrs);
  in
    drv
    # `env` is an attribute of a structured-attrs derivation; otherwise its variables are.
    // (
      if attrs.__structuredAttrs or false
      then {env = attrs.env or {};}
      else attrs.env or {}
    )
    // (attrs.passthru or {})
    // {
      inherit (attrs) name;
      meta = attrs.meta or {};
      passthru = attrs.passthru or {};
      drvAttrs = attrs;
    }
    // lib.optionalAttrs (attrs ? pname) {inherit (attrs) pname;}
    // lib.optionalAttrs (attrs ? version) {inherit (attrs) version;}
    // lib.optionalAttrs (attrs ? src) {inherit (attrs) src;};

  # rattrs: finalAttrs -> attrs, extended by overrideAttrs like nixpkgs' fixed point.
  makeExtensible = rattrs: let
    finalAttrs = rattrs finalAttrs // {inherit finalPackage;};
    attrs = removeAttrs finalAttrs ["finalPackage"];
    finalPackage =
      makeDerivation (attrs // {name = derivationName attrs;})
      // {
        overrideAttrs = f: makeExtensible (lib.extends (lib.toExtension f) rattrs);
      };
  in
    finalPackage;

  mkDerivation = argsOrFunction:
    makeExtensible (
      if isFunction argsOrFunction
      then argsOrFunction
      else _: argsOrFunction
    );
in {
  inherit mkDerivation;
  hostPlatform = {
    inherit system;
    isLinux = true;
    isDarwin = false;
    isx86_64 = system == "x86_64-linux";
    isAarch64 = system == "aarch64-linux";
  };
  cc = mkDerivation {
    pname = "gcc-wrapper";
    version = "14.3.0";
  };
  shellPackage = null;
}
