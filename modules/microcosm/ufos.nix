# UFOs: statistics of every record collection (NSID) seen on the ATproto network.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.microcosm-ufos;
  common = atprotoLib.service;
  inherit (lib) mkOption optional optionals types;

  arguments =
    [
      "--bind"
      (common.socketAddress cfg.host cfg.port)
      "--jetstream"
      "${cfg.jetstream}/subscribe"
      "--data"
      "."
    ]
    ++ optional cfg.allowJetstreamChange "--jetstream-force"
    ++ optional (!cfg.jetstreamCompression) "--jetstream-no-zstd"
    ++ optional cfg.backfill "--backfill"
    ++ optionals cfg.metrics.enable ["--collect-metrics" "--bind-metrics" (common.socketAddress cfg.metrics.host cfg.metrics.port)]
    ++ cfg.extraArgs;
in {
  options.services.microcosm-ufos =
    {
      enable = lib.mkEnableOption "UFOs, statistics of the ATproto network's record collections";
      package = lib.mkPackageOption pkgs ["atproto" "microcosm-ufos"] {};
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance whose events are counted (`/subscribe` is appended).";
      };
      allowJetstreamChange = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to accept a Jetstream endpoint other than the one the stored data was collected from.";
      };
      jetstreamCompression = mkOption {
        type = types.bool;
        default = true;
        description = "Whether to request zstd-compressed events (less bandwidth, more CPU).";
      };
      backfill = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to tune background tasks for an efficient backfill.";
      };
      metrics = common.mkMetricsOptions {port = 8765;};
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "UFOs";
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Further command-line arguments of {command}`ufos`.";
      };
    }
    // common.mkListenOptions {port = 9990;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.microcosm-ufos = common.mkHardenedService {
        description = "UFOs ATproto collection statistics";
        documentation = ["https://github.com/at-microcosm/microcosm-rs/tree/main/ufos"];
        serviceConfig = {
          ExecStart = common.execCommand cfg.package arguments;
          StateDirectory = "microcosm-ufos";
          WorkingDirectory = "%S/microcosm-ufos";
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "microcosm-ufos" [cfg.jetstream])
    (common.mkNginxConfig {
      prefix = "services.microcosm-ufos";
      inherit cfg;
    })
  ]);
}
