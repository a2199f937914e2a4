# Indigo's palomar: indexes posts and profiles from the firehose into OpenSearch (or
# Elasticsearch) and serves search queries.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.bluesky-palomar;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  databaseName = "bluesky-palomar";
  usesPostgresql = cfg.database.type == "postgresql";
in {
  options.services.bluesky-palomar =
    {
      enable = lib.mkEnableOption "Indigo's palomar search service";
      package = lib.mkPackageOption pkgs ["atproto" "bluesky-indigo"] {};
      relay = common.mkEndpointOption config {
        name = "relay";
        description = "Relay whose firehose is indexed (its `wss://` form is used).";
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory identities are resolved with.";
      };
      opensearch = {
        hosts = mkOption {
          type = types.nonEmptyListOf atprotoLib.types.endpoint;
          default = ["http://127.0.0.1:9200"];
          description = "OpenSearch or Elasticsearch nodes.";
        };
        username = mkOption {
          type = types.str;
          default = "admin";
          description = "User palomar authenticates as.";
        };
        passwordFile = common.mkSecretFileOption {
          description = "Password of that user (`ES_PASSWORD`); without it upstream's well-known default is used.";
          nullable = true;
        };
        postIndex = mkOption {
          type = types.str;
          default = "palomar_post";
          description = "Index of posts.";
        };
        profileIndex = mkOption {
          type = types.str;
          default = "palomar_profile";
          description = "Index of profiles.";
        };
      };
      database.type = mkOption {
        type = types.enum ["sqlite" "postgresql"];
        default = "sqlite";
        description = "Where indexing progress is kept: SQLite in the state directory, or a local PostgreSQL database `bluesky-palomar`.";
      };
      readOnly = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to serve queries only, without indexing.";
      };
      discoverRepos = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to discover repositories from the relay (a backfill).";
      };
      metrics = common.mkMetricsOptions {
        port = 3998;
        optional = false;
      };
      environment = common.mkEnvironmentOption {
        description = "Further variables, e.g. `PALOMAR_INDEXING_RATE_LIMIT`, `PALOMAR_RELAY_SYNC_RATE_LIMIT`.";
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "palomar";
    }
    // common.mkListenOptions {port = 3999;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.bluesky-palomar = common.mkHardenedService {
        description = "Indigo palomar search service";
        documentation = ["https://github.com/bluesky-social/indigo/tree/main/cmd/palomar"];
        after = lib.optional usesPostgresql "postgresql.target";
        requires = lib.optional usesPostgresql "postgresql.target";
        environment =
          {
            ATP_RELAY_HOST = common.websocketUrl cfg.relay;
            ATP_PLC_HOST = cfg.plcDirectory;
            ES_HOSTS = lib.concatStringsSep "," cfg.opensearch.hosts;
            ES_USERNAME = cfg.opensearch.username;
            ES_POST_INDEX = cfg.opensearch.postIndex;
            ES_PROFILE_INDEX = cfg.opensearch.profileIndex;
            PALOMAR_BIND = common.socketAddress cfg.host cfg.port;
            PALOMAR_METRICS_LISTEN = common.socketAddress cfg.metrics.host cfg.metrics.port;
            PALOMAR_READONLY = cfg.readOnly;
            PALOMAR_DISCOVER_REPOS = cfg.discoverRepos;
            DATABASE_URL =
              if usesPostgresql
              then common.postgresqlSocketUrl databaseName
              else "sqlite://%S/bluesky-palomar/search.db";
          }
          // cfg.environment;
        credentials.opensearch-password = cfg.opensearch.passwordFile;
        script = ''
          ${lib.optionalString (cfg.opensearch.passwordFile != null) (common.credentialExports {ES_PASSWORD = "opensearch-password";})}
          exec ${lib.getExe' cfg.package "palomar"} run
        '';
        serviceConfig =
          {StateDirectory = "bluesky-palomar";}
          // lib.optionalAttrs usesPostgresql {User = databaseName;};
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (lib.mkIf usesPostgresql (common.mkPostgresql databaseName))
    (common.mkConsumer "bluesky-palomar" [cfg.relay cfg.plcDirectory])
    (common.mkNginxConfig {
      prefix = "services.bluesky-palomar";
      inherit cfg;
    })
  ]);
}
