# plcbundle: serves an archive of the PLC directory's operation log as hash-chained bundles of
# 10,000 operations (index, bundles, JSONL, optional WebSocket stream and DID resolution) and,
# in sync mode, keeps fetching new operations from a PLC directory into it. The archive is the
# state directory (`plcbundle server --dir`); flags are in cmd/plcbundle/main.go and
# cmd/plcbundle/commands/server.go.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.atscan-plcbundle;
  common = atprotoLib.service;
  inherit (lib) mkOption optional optionals types;

  # The program joins host and port with a colon itself.
  hostArgument =
    if lib.hasInfix ":" cfg.host
    then "[${cfg.host}]"
    else cfg.host;

  arguments =
    [
      "server"
      "--dir"
      "."
      "--host"
      hostArgument
      "--port"
      (toString cfg.port)
    ]
    ++ optionals cfg.sync.enable (
      ["--sync" "--plc" cfg.plcDirectory "--interval" cfg.sync.interval]
      ++ optionals (cfg.sync.maxBundles != null) ["--max-bundles" (toString cfg.sync.maxBundles)]
    )
    ++ optional cfg.websocket "--websocket"
    ++ optional cfg.resolver "--resolver"
    ++ optionals (cfg.handleResolver != null) ["--handle-resolver" cfg.handleResolver]
    ++ cfg.extraArgs;
in {
  options.services.atscan-plcbundle =
    {
      enable = lib.mkEnableOption "plcbundle, an archive and mirror of the PLC directory's operation log in bundles";
      package = lib.mkPackageOption pkgs ["atproto" "atscan-plcbundle"] {};
      sync = {
        enable = lib.mkEnableOption "sync mode: keep fetching new operations from {option}`plcDirectory` into the archive (which is created on first start)" // {default = true;};
        interval = mkOption {
          type = types.str;
          default = "1m";
          description = "How often new operations are fetched (Go duration, `--interval`).";
        };
        maxBundles = mkOption {
          type = types.nullOr types.ints.positive;
          default = null;
          description = "Stop syncing after this many bundles (`--max-bundles`); null for no limit.";
        };
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory operations are fetched from in sync mode (`--plc`).";
      };
      websocket = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to stream operations over WebSocket at `/ws` (`--websocket`).";
      };
      resolver = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to resolve DIDs from the archive (`--resolver`); builds a DID index in the state directory first.";
      };
      handleResolver = mkOption {
        type = types.nullOr atprotoLib.types.endpoint;
        default = null;
        example = "https://quickdid.example.com";
        description = "Handle resolver service the DID endpoints use (`--handle-resolver`).";
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "plcbundle";
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Further arguments of {command}`plcbundle server`.";
      };
    }
    // common.mkListenOptions {port = 8080;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.atscan-plcbundle = common.mkHardenedService {
        description = "plcbundle PLC directory archive";
        documentation = ["https://tangled.org/@atscan.net/plcbundle"];
        serviceConfig = {
          ExecStart = common.execCommand cfg.package arguments;
          StateDirectory = "atscan-plcbundle";
          WorkingDirectory = "%S/atscan-plcbundle";
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "atscan-plcbundle" [cfg.plcDirectory])
    (common.mkNginxConfig {
      prefix = "services.atscan-plcbundle";
      inherit cfg;
    })
  ]);
}
