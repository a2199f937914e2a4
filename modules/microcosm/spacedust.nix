# Spacedust: a WebSocket firehose of the links (AT URIs, DIDs, URLs) in every ATproto record.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.microcosm-spacedust;
  common = atprotoLib.service;
  inherit (lib) mkOption optional optionals types;

  arguments =
    [
      "--bind"
      (common.socketAddress cfg.host cfg.port)
      "--jetstream"
      "${cfg.jetstream}/subscribe"
    ]
    ++ optional (!cfg.jetstreamCompression) "--jetstream-no-zstd"
    ++ optionals cfg.metrics.enable ["--collect-metrics" "--bind-metrics" (common.socketAddress cfg.metrics.host cfg.metrics.port)]
    ++ cfg.extraArgs;
in {
  options.services.microcosm-spacedust =
    {
      enable = lib.mkEnableOption "Spacedust, the ATproto link firehose";
      package = lib.mkPackageOption pkgs ["atproto" "microcosm-spacedust"] {};
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance whose events are scanned for links (`/subscribe` is appended).";
      };
      jetstreamCompression = mkOption {
        type = types.bool;
        default = true;
        description = "Whether to request zstd-compressed events (less bandwidth, more CPU).";
      };
      metrics = common.mkMetricsOptions {port = 8765;};
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "Spacedust";
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Further command-line arguments of {command}`spacedust`.";
      };
    }
    // common.mkListenOptions {port = 8080;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.microcosm-spacedust = common.mkHardenedService {
        description = "Spacedust ATproto link firehose";
        documentation = ["https://github.com/at-microcosm/microcosm-rs/tree/main/spacedust"];
        serviceConfig.ExecStart = common.execCommand cfg.package arguments;
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "microcosm-spacedust" [cfg.jetstream])
    (common.mkNginxConfig {
      prefix = "services.microcosm-spacedust";
      inherit cfg;
    })
  ]);
}
