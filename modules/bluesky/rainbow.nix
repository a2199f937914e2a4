# Indigo's rainbow: a firehose splitter that caches a relay's events and fans them out.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.bluesky-rainbow;
  common = atprotoLib.service;
  relay = config.services.bluesky-relay;
  inherit (lib) mkOption types;
in {
  options.services.bluesky-rainbow =
    {
      enable = lib.mkEnableOption "Indigo's rainbow firehose splitter";
      package = lib.mkPackageOption pkgs ["atproto" "bluesky-indigo"] {};
      upstream = mkOption {
        type = atprotoLib.types.endpoint;
        default =
          if relay.enable
          then "http://${common.socketAddress relay.host relay.port}"
          else config.atproto.endpoints.relay;
        defaultText = lib.literalExpression "the local bluesky-relay when enabled, else config.atproto.endpoints.relay";
        description = "Relay whose firehose is split (scheme and host, no path).";
      };
      nextCrawlers = mkOption {
        type = types.listOf atprotoLib.types.endpoint;
        default = [];
        description = "Hosts requestCrawl calls are forwarded to, besides the upstream.";
      };
      collectiondir = mkOption {
        type = types.nullOr atprotoLib.types.endpoint;
        default = null;
        description = "collectiondir instance answering `com.atproto.sync.listReposByCollection`; null keeps upstream's default.";
      };
      persistHours = mkOption {
        type = types.either types.ints.positive types.float;
        default = 72;
        description = "Hours of events kept.";
      };
      metrics = common.mkMetricsOptions {
        port = 2481;
        optional = false;
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "rainbow";
    }
    // common.mkListenOptions {port = 2480;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.bluesky-rainbow = common.mkHardenedService {
        description = "Indigo rainbow firehose splitter";
        documentation = ["https://github.com/bluesky-social/indigo/tree/main/cmd/rainbow"];
        environment = {
          ATP_RELAY_HOST = cfg.upstream;
          RAINBOW_API_LISTEN = common.socketAddress cfg.host cfg.port;
          RAINBOW_METRICS_LISTEN = common.socketAddress cfg.metrics.host cfg.metrics.port;
          RAINBOW_DB_PATH = "%S/bluesky-rainbow/rainbow.db";
          RAINBOW_CURSOR_PATH = "%S/bluesky-rainbow/cursor";
          RAINBOW_PERSIST_HOURS = cfg.persistHours;
          RAINBOW_NEXT_CRAWLER =
            if cfg.nextCrawlers == []
            then null
            else lib.concatStringsSep "," cfg.nextCrawlers;
          RAINBOW_COLLECTIONDIR_HOST = cfg.collectiondir;
          ENVIRONMENT = "prod";
        };
        serviceConfig = {
          ExecStart = lib.getExe' cfg.package "rainbow";
          StateDirectory = "bluesky-rainbow";
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "bluesky-rainbow" ([cfg.upstream] ++ cfg.nextCrawlers))
    (common.mkNginxConfig {
      prefix = "services.bluesky-rainbow";
      inherit cfg;
    })
  ]);
}
