# `systemd.services` and `systemd.tmpfiles` as NixOS declares them
# (nixos/lib/systemd-unit-options.nix): same option names, types and value checks.
{lib, ...}: let
  inherit (lib) mkOption types;

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

  unitNames = mkOption {
    type = types.listOf types.str;
    default = [];
  };

  serviceOptions = {name, ...}: {
    options = {
      enable = mkOption {
        type = types.bool;
        default = true;
      };
      description = mkOption {
        type = types.singleLineStr;
        default = "";
      };
      documentation = mkOption {
        type = types.listOf types.str;
        default = [];
      };
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
      environment = mkOption {
        type = types.attrsOf (types.nullOr (types.oneOf [types.str types.path types.package]));
        default = {};
      };
      path = mkOption {
        type = types.listOf (types.oneOf [types.package types.str]);
        default = [];
      };
      script = mkOption {
        type = types.lines;
        default = "";
      };
      scriptArgs = mkOption {
        type = types.str;
        default = "";
      };
      preStart = mkOption {
        type = types.lines;
        default = "";
      };
      postStart = mkOption {
        type = types.lines;
        default = "";
      };
      preStop = mkOption {
        type = types.lines;
        default = "";
      };
      postStop = mkOption {
        type = types.lines;
        default = "";
      };
      serviceConfig = mkOption {
        type = types.addCheck (types.attrsOf unitOption) checkServiceConfig;
        default = {};
      };
      unitConfig = mkOption {
        type = types.attrsOf unitOption;
        default = {};
      };
      startLimitBurst = mkOption {
        type = types.nullOr types.int;
        default = null;
      };
      startLimitIntervalSec = mkOption {
        type = types.nullOr types.int;
        default = null;
      };
      restartTriggers = mkOption {
        type = types.listOf types.unspecified;
        default = [];
      };
      reloadTriggers = mkOption {
        type = types.listOf unitOption;
        default = [];
      };
      restartIfChanged = mkOption {
        type = types.bool;
        default = true;
      };
      startAt = mkOption {
        type = types.either types.str (types.listOf types.str);
        default = [];
      };
    };
  };
in {
  options.systemd = {
    services = mkOption {
      type = types.attrsOf (types.submodule serviceOptions);
      default = {};
      description = "Definition of systemd service units.";
    };
    tmpfiles.rules = mkOption {
      type = types.listOf types.str;
      default = [];
    };
    tmpfiles.settings = mkOption {
      type = types.attrsOf (types.attrsOf (types.attrsOf (types.submodule {
        options = {
          user = mkOption {
            type = types.str;
            default = "-";
          };
          group = mkOption {
            type = types.str;
            default = "-";
          };
          mode = mkOption {
            type = types.str;
            default = "-";
          };
          age = mkOption {
            type = types.str;
            default = "-";
          };
          argument = mkOption {
            type = types.str;
            default = "";
          };
        };
      })));
      default = {};
    };
  };
}
