# `systemd.services` and `systemd.tmpfiles` as NixOS declares them
# (nixos/lib/systemd-unit-options.nix): same option names, types and value checks.
{lib, ...}: let
  inherit (lib) mkOption types;
  option = type: default: mkOption {inherit type default;};

  # nixos/lib/systemd-lib.nix `unitOption`: lists concatenate, scalars must agree.
  unitOption = lib.mkOptionType {
    name = "systemd option";
    check = value: !builtins.isAttrs value || lib.isDerivation value;
    merge = loc: defs: let
      defs' = lib.filterOverrides defs;
    in
      if builtins.any (def: builtins.isList def.value) defs'
      then lib.concatMap (def: lib.toList def.value) defs'
      else lib.mergeEqualOption loc defs';
  };

  allowedValues = {
    Type = ["exec" "simple" "forking" "oneshot" "dbus" "notify" "notify-reload" "idle"];
    Restart = ["no" "on-success" "on-failure" "on-abnormal" "on-watchdog" "on-abort" "always"];
  };

  checkServiceConfig = config: let
    bad = lib.filter (key: config ? ${key} && !builtins.elem config.${key} allowedValues.${key}) (builtins.attrNames allowedValues);
  in
    if bad == []
    then true
    else throw "The value `${toString config.${builtins.head bad}}' for option `${builtins.head bad}' is not allowed. Allowed values: ${toString allowedValues.${builtins.head bad}}";

  unitNames = option (types.listOf types.str) [];

  serviceOptions = {name, ...}: {
    options = {
      enable = option types.bool true;
      description = option types.singleLineStr "";
      documentation = option (types.listOf types.str) [];
      wantedBy = unitNames;
      requiredBy = unitNames;
      after = unitNames;
      before = unitNames;
      wants = unitNames;
      requires = unitNames;
      bindsTo = unitNames;
      partOf = unitNames;
      conflicts = unitNames;
      onFailure = unitNames;
      environment = option (types.attrsOf (types.nullOr (types.oneOf [types.str types.path types.package]))) {};
      path = option (types.listOf (types.oneOf [types.package types.str])) [];
      script = option types.lines "";
      scriptArgs = option types.str "";
      preStart = option types.lines "";
      postStart = option types.lines "";
      preStop = option types.lines "";
      postStop = option types.lines "";
      serviceConfig = option (types.addCheck (types.attrsOf unitOption) checkServiceConfig) {};
      unitConfig = option (types.attrsOf unitOption) {};
      startLimitBurst = option (types.nullOr types.int) null;
      startLimitIntervalSec = option (types.nullOr types.int) null;
      restartTriggers = option (types.listOf types.unspecified) [];
      reloadTriggers = option (types.listOf unitOption) [];
      restartIfChanged = option types.bool true;
      startAt = option (types.either types.str (types.listOf types.str)) [];
    };
  };
in {
  options.systemd = {
    services = mkOption {
      type = types.attrsOf (types.submodule serviceOptions);
      default = {};
      description = "Definition of systemd service units.";
    };
    tmpfiles.rules = option (types.listOf types.str) [];
    tmpfiles.settings = option (types.attrsOf (types.attrsOf (types.attrsOf (types.submodule {
      options = {
        user = option types.str "-";
        group = option types.str "-";
        mode = option types.str "-";
        age = option types.str "-";
        argument = option types.str "";
      };
    })))) {};
  };
}
