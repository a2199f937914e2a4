# Indigo's relay: crawls PDSes and serves the combined firehose (sync 1.1). Its state (SQLite
# or PostgreSQL, and the firehose playback files) lives under its state directory.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.bluesky-relay;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  databaseName = "bluesky-relay";
  usesPostgresql = cfg.database.type == "postgresql";
in {
  options.services.bluesky-relay =
    {
      enable = lib.mkEnableOption "Indigo's ATproto relay";
      package = lib.mkPackageOption pkgs ["atproto" "bluesky-indigo"] {};
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory identities are resolved with.";
      };
      database.type = mkOption {
        type = types.enum ["sqlite" "postgresql"];
        default = "sqlite";
        description = "SQLite in the state directory, or a local PostgreSQL database `bluesky-relay` (created, peer authentication).";
      };
      adminPasswordFile = common.mkSecretFileOption {
        description = "Password of the admin API (`RELAY_ADMIN_PASSWORD`).";
        nullable = true;
      };
      replayWindow = mkOption {
        type = types.str;
        default = "72h";
        description = "How long firehose events stay available for replay (Go duration).";
      };
      trustedDomains = mkOption {
        type = types.listOf types.str;
        default = ["*.host.bsky.network"];
        description = "Domains of trusted PDS hosts (a leading `*.` matches subdomains).";
      };
      disableRequestCrawl = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to ignore unauthenticated `com.atproto.sync.requestCrawl` requests.";
      };
      metrics = common.mkMetricsOptions {
        port = 2471;
        optional = false;
      };
      environment = common.mkEnvironmentOption {
        description = "Further `RELAY_*` variables, e.g. `RELAY_HOST_CONCURRENCY`, `RELAY_DEFAULT_ACCOUNT_LIMIT`, `RELAY_NEW_HOSTS_PER_DAY_LIMIT`, `RELAY_SIBLING_RELAYS`.";
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "the relay";
    }
    // common.mkListenOptions {port = 2470;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.bluesky-relay = common.mkHardenedService {
        description = "Indigo ATproto relay";
        documentation = ["https://github.com/bluesky-social/indigo/tree/main/cmd/relay"];
        after = lib.optional usesPostgresql "postgresql.target";
        requires = lib.optional usesPostgresql "postgresql.target";
        environment =
          {
            RELAY_API_BIND = common.socketAddress cfg.host cfg.port;
            RELAY_METRICS_LISTEN = common.socketAddress cfg.metrics.host cfg.metrics.port;
            RELAY_PLC_HOST = cfg.plcDirectory;
            RELAY_PERSIST_DIR = "%S/bluesky-relay/persist";
            RELAY_REPLAY_WINDOW = cfg.replayWindow;
            RELAY_TRUSTED_DOMAINS = lib.concatStringsSep "," cfg.trustedDomains;
            RELAY_DISABLE_REQUEST_CRAWL = cfg.disableRequestCrawl;
            DATABASE_URL =
              if usesPostgresql
              then common.postgresqlSocketUrl databaseName
              else "sqlite://%S/bluesky-relay/relay.sqlite";
            ENVIRONMENT = "prod";
          }
          // cfg.environment;
        credentials.admin-password = cfg.adminPasswordFile;
        script = ''
          ${lib.optionalString (cfg.adminPasswordFile != null) (common.credentialExports {RELAY_ADMIN_PASSWORD = "admin-password";})}
          exec ${lib.getExe' cfg.package "relay"} serve
        '';
        serviceConfig =
          {
            StateDirectory = "bluesky-relay";
            WorkingDirectory = "%S/bluesky-relay";
          }
          // lib.optionalAttrs usesPostgresql {User = databaseName;};
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkProvider {
      unit = "bluesky-relay";
      url = common.localUrl cfg;
      endpoints.relay = common.localUrl cfg;
      addresses = [(common.listenUrl cfg.host cfg.port)];
    })
    (common.mkConsumer "bluesky-relay" [cfg.plcDirectory])
    (lib.mkIf usesPostgresql (common.mkPostgresql databaseName))
    (common.mkNginxConfig {
      prefix = "services.bluesky-relay";
      inherit cfg;
    })
  ]);
}
