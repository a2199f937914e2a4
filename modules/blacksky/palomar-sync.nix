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
  inherit (lib) mkOption types;
  localDatabase = cfg.database.name != null;
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
    database = {
      name = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "bsky";
        description = "Local PostgreSQL database with the AppView schema, reached as the system user of the same name.";
      };
      urlFile = common.mkSecretFileOption {
        description = "File holding the URL of a remote database instead.";
        nullable = true;
      };
    };
  };

  config = lib.mkIf cfg.enable {
    assertions = [
      {
        assertion = localDatabase != (cfg.database.urlFile != null);
        message = "services.blacksky-palomar-sync: set exactly one of services.blacksky-palomar-sync.database.name and services.blacksky-palomar-sync.database.urlFile";
      }
      {
        assertion = cfg.task == "pagerank" -> cfg.pagerankProgram != null;
        message = "services.blacksky-palomar-sync.pagerankProgram must be set when services.blacksky-palomar-sync.task is \"pagerank\"";
      }
    ];

    systemd.services.blacksky-palomar-sync = common.mkHardenedService {
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
        DATABASE_URL =
          if localDatabase
          then common.postgresqlSocketUrl cfg.database.name
          else null;
      };
      credentials.database-url = cfg.database.urlFile;
      script = ''
        ${lib.optionalString (!localDatabase) (common.credentialExports {DATABASE_URL = "database-url";})}
        exec ${common.execCommand cfg.package [cfg.task]}
      '';
      serviceConfig =
        {
          Type = "oneshot";
          Restart = "no";
          StateDirectory = "blacksky-palomar-sync";
        }
        // lib.optionalAttrs localDatabase {User = cfg.database.name;};
    };
  };
}
