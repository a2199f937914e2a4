# palomar-sync: copies follower counts or PageRank scores of ATproto profiles from the
# AppView's PostgreSQL into Palomar's OpenSearch index, as a scheduled job.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-palomar-sync;
  common = atprotoLib.service;
  database = common.databaseAccess cfg.database;
  inherit (lib) mkOption types;
in {
  options.services.blacksky-palomar-sync = {
    enable = lib.mkEnableOption "palomar-sync, the scheduled sync of profile rankings into OpenSearch";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-palomar-sync"] {};
    task = mkOption {
      type = types.enum ["followers" "pagerank"];
      default = "followers";
      description = "What is synced: follower counts, or PageRank scores computed by {option}`pagerankProgram`.";
    };
    pagerankProgram = mkOption {
      type = types.nullOr types.path;
      default = null;
      description = "The external `pagerank` program (not part of rsky) run by the `pagerank` task.";
    };
    schedule = mkOption {
      type = types.str;
      default = "daily";
      example = "*-*-* 04:00:00";
      description = "When the job runs (systemd calendar event).";
    };
    opensearch = mkOption {
      type = atprotoLib.types.endpoint;
      default = "http://127.0.0.1:9200";
      description = "OpenSearch holding Palomar's index (no authentication upstream).";
    };
    profileIndex = mkOption {
      type = types.str;
      default = "palomar_profile";
      description = "Name of the profile index.";
    };
    # The AppView's database, read only.
    database = common.mkDatabaseOptions {
      name = "bsky";
      create = false;
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = [
        {
          assertion = cfg.task == "pagerank" -> cfg.pagerankProgram != null;
          message = "services.blacksky-palomar-sync.pagerankProgram must be set when services.blacksky-palomar-sync.task is \"pagerank\"";
        }
      ];

      systemd.services.blacksky-palomar-sync = lib.mkMerge [
        (common.mkHardenedService {
          description = "palomar-sync profile rankings into OpenSearch";
          documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/palomar-sync"];
          wantedBy = [];
          startAt = cfg.schedule;
          path = [config.services.postgresql.package];
          environment = {
            OPENSEARCH_URL = cfg.opensearch;
            PROFILE_INDEX = cfg.profileIndex;
            WORK_DIR = "%S/blacksky-palomar-sync";
            PAGERANK_BIN = cfg.pagerankProgram;
            DATABASE_URL = database.url;
          };
          script = ''
            ${database.exports ["DATABASE_URL"]}
            exec ${common.execCommand cfg.package [cfg.task]}
          '';
          serviceConfig = {
            Type = "oneshot";
            Restart = "no";
            StateDirectory = "blacksky-palomar-sync";
          };
        })
        database.unit
      ];
    }
    database.config
  ]);
}
