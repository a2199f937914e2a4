# Constellation: a global backlink index of the ATproto network, fed by Jetstream.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.microcosm-constellation;
  common = atprotoLib.service;
  inherit (lib) mkOption optionals types;

  arguments =
    [
      "--bind"
      (common.socketAddress cfg.host cfg.port)
      "--jetstream"
      "${cfg.jetstream}/subscribe"
      "--backend"
      cfg.backend
    ]
    ++ optionals (cfg.backend == "rocks") ["--data" "data"]
    ++ optionals (cfg.didWebDomain != null) ["--did-web-domain" cfg.didWebDomain]
    ++ optionals cfg.metrics.enable ["--collect-metrics" "--bind-metrics" (common.socketAddress cfg.metrics.host cfg.metrics.port)]
    ++ optionals cfg.backups.enable (
      ["--backup" "backups" "--backup-interval" (toString cfg.backups.intervalHours)]
      ++ optionals (cfg.backups.keep != null) ["--max-old-backups" (toString cfg.backups.keep)]
    )
    ++ cfg.extraArgs;
in {
  options.services.microcosm-constellation =
    {
      enable = lib.mkEnableOption "Constellation, the global ATproto backlink index";
      package = lib.mkPackageOption pkgs ["atproto" "microcosm-constellation"] {};
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance whose events are indexed (`/subscribe` is appended).";
      };
      backend = mkOption {
        type = types.enum ["rocks" "memory"];
        default = "rocks";
        description = "Storage backend: RocksDB under the state directory, or memory (lost on restart).";
      };
      didWebDomain = mkOption {
        type = types.nullOr atprotoLib.types.hostname;
        default = null;
        example = "links.example.com";
        description = "Serve a did:web document for this domain.";
      };
      backups = {
        enable = lib.mkEnableOption "periodic RocksDB backups into the state directory's `backups`";
        intervalHours = mkOption {
          type = types.ints.positive;
          default = 24;
          description = "Hours between backups.";
        };
        keep = mkOption {
          type = types.nullOr types.ints.positive;
          default = null;
          example = 7;
          description = "Number of backups kept, oldest purged first; null keeps all.";
        };
      };
      metrics = common.mkMetricsOptions {port = 8765;};
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "Constellation";
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Further command-line arguments of {command}`constellation`.";
      };
    }
    // common.mkListenOptions {port = 6789;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = [
        {
          assertion = cfg.backups.enable -> cfg.backend == "rocks";
          message = "services.microcosm-constellation.backups.enable needs services.microcosm-constellation.backend = \"rocks\"";
        }
      ];

      systemd.services.microcosm-constellation = common.mkHardenedService {
        description = "Constellation ATproto backlink index";
        documentation = ["https://github.com/at-microcosm/microcosm-rs/tree/main/constellation"];
        serviceConfig = {
          ExecStart = common.execCommand cfg.package arguments;
          StateDirectory = "microcosm-constellation";
          WorkingDirectory = "%S/microcosm-constellation";
        };
      };

      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "microcosm-constellation" [cfg.jetstream])
    (common.mkNginxConfig {
      prefix = "services.microcosm-constellation";
      inherit cfg;
    })
  ]);
}
