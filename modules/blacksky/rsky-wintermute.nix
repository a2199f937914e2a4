# rsky-wintermute: an ATproto indexer. It ingests relay firehoses and backfills repositories
# into the Bluesky AppView's PostgreSQL schema, which must already exist (it runs no
# migrations). Its work queue lives in ./backfill_cache (fixed upstream), so it runs in its
# state directory; PLC lookups go to https://plc.directory (hard-coded upstream).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-wintermute;
  common = atprotoLib.service;
  database = common.databaseAccess cfg.database;
  inherit (lib) mkOption types;
in {
  options.services.blacksky-rsky-wintermute = {
    enable = lib.mkEnableOption "rsky-wintermute, Blacksky's ATproto indexer";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-wintermute"] {};
    relayHosts = mkOption {
      type = types.listOf types.str;
      default = [(common.hostOf config.atproto.endpoints.relay)];
      defaultText = lib.literalExpression "[ (host of config.atproto.endpoints.relay) ]";
      description = "Relays (host names) whose firehoses are indexed and whose repositories are backfilled.";
    };
    labelerHosts = mkOption {
      type = types.listOf types.str;
      default = [];
      example = ["mod.bsky.app"];
      description = "Labelers (host names) whose labels are indexed.";
    };
    # The AppView's database: its schema (and a `search_path` including `bsky`) must exist,
    # wintermute creates neither. Upstream logs the database URL at start.
    database = common.mkDatabaseOptions {
      name = "bsky";
      create = false;
    };
    metricsPort = mkOption {
      type = types.port;
      default = 9090;
      description = "Port of the metrics and health endpoint (on every address: upstream has no bind option).";
    };
    environment = common.mkEnvironmentOption {
      description = "Tuning variables: `INDEXER_WORKERS`, `BACKFILLER_WORKERS`, `FJALL_CACHE_SIZE_GB`, `DB_POOL_SIZE`, `RECORD_COLLECTION_ALLOWLIST`, ….";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.blacksky-rsky-wintermute = lib.mkMerge [
        (common.mkHardenedService {
          description = "rsky-wintermute ATproto indexer";
          documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-wintermute"];
          environment =
            {
              RELAY_HOSTS = lib.concatStringsSep "," cfg.relayHosts;
              LABELER_HOSTS = lib.concatStringsSep "," cfg.labelerHosts;
              METRICS_PORT = cfg.metricsPort;
              DATABASE_URL = database.url;
            }
            // cfg.environment;
          script = ''
            ${database.exports ["DATABASE_URL"]}
            exec ${lib.getExe cfg.package}
          '';
          serviceConfig = {
            StateDirectory = "blacksky-rsky-wintermute";
            WorkingDirectory = "%S/blacksky-rsky-wintermute";
          };
        })
        database.unit
      ];
    }
    database.config
    (common.mkConsumer "blacksky-rsky-wintermute" (cfg.relayHosts ++ cfg.labelerHosts))
  ]);
}
