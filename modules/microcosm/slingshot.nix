# Slingshot: an edge cache of ATproto records and identities, kept fresh from Jetstream.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.microcosm-slingshot;
  common = atprotoLib.service;
  inherit (lib) mkOption optional optionals types;

  cacheSizeOption = unit: default: what:
    mkOption {
      type = types.ints.positive;
      inherit default;
      description = "Size of the ${what} in ${unit}.";
    };

  arguments =
    [
      "--bind"
      (common.socketAddress cfg.host cfg.port)
      "--jetstream"
      "${cfg.jetstream}/subscribe"
      "--cache-dir"
      "."
      "--record-cache-memory-mb"
      (toString cfg.cache.recordMemoryMegabytes)
      "--record-cache-disk-gb"
      (toString cfg.cache.recordDiskGigabytes)
      "--identity-cache-memory-mb"
      (toString cfg.cache.identityMemoryMegabytes)
      "--identity-cache-disk-gb"
      (toString cfg.cache.identityDiskGigabytes)
    ]
    ++ optional (!cfg.jetstreamCompression) "--jetstream-no-zstd"
    ++ optionals (cfg.healthcheckUrl != null) ["--healthcheck" cfg.healthcheckUrl]
    ++ optionals cfg.metrics.enable ["--collect-metrics" "--bind-metrics" (common.socketAddress cfg.metrics.host cfg.metrics.port)]
    ++ cfg.extraArgs;
in {
  options.services.microcosm-slingshot =
    {
      enable = lib.mkEnableOption "Slingshot, the ATproto record and identity edge cache";
      package = lib.mkPackageOption pkgs ["atproto" "microcosm-slingshot"] {};
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance whose events refresh the cache (`/subscribe` is appended).";
      };
      jetstreamCompression = mkOption {
        type = types.bool;
        default = true;
        description = "Whether to request zstd-compressed events (less bandwidth, more CPU).";
      };
      cache = {
        recordMemoryMegabytes = cacheSizeOption "megabytes" 64 "in-memory record cache";
        recordDiskGigabytes = cacheSizeOption "gigabytes" 1 "on-disk record cache";
        identityMemoryMegabytes = cacheSizeOption "megabytes" 64 "in-memory identity cache";
        identityDiskGigabytes = cacheSizeOption "gigabytes" 1 "on-disk identity cache";
      };
      healthcheckUrl = mkOption {
        type = types.nullOr atprotoLib.types.endpoint;
        default = null;
        description = "URL pinged about every minute while the service is healthy.";
      };
      metrics = common.mkMetricsOptions {port = 8765;};
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "Slingshot";
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Further command-line arguments of {command}`slingshot`.";
      };
    }
    // common.mkListenOptions {port = 8080;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.microcosm-slingshot = common.mkHardenedService {
        description = "Slingshot ATproto edge cache";
        documentation = ["https://github.com/at-microcosm/microcosm-rs/tree/main/slingshot"];
        serviceConfig = {
          ExecStart = common.execCommand cfg.package arguments;
          CacheDirectory = "microcosm-slingshot";
          WorkingDirectory = "%C/microcosm-slingshot";
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "microcosm-slingshot" [cfg.jetstream])
    (common.mkNginxConfig {
      prefix = "services.microcosm-slingshot";
      inherit cfg;
    })
  ]);
}
