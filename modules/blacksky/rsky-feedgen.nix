# rsky-feedgen: Blacksky's feed generator. It serves feed skeletons from PostgreSQL; the
# records arrive through its queue API from rsky-firehose or rsky-jetstream-subscriber.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-feedgen;
  common = atprotoLib.service;
  database = common.databaseAccess cfg.database;
  inherit (lib) mkOption types;

  # One database serves writes and both read pools.
  databaseVariables = ["DATABASE_URL" "READ_REPLICA_URL_1" "READ_REPLICA_URL_2"];
in {
  options.services.blacksky-rsky-feedgen =
    {
      enable = lib.mkEnableOption "rsky-feedgen, Blacksky's ATproto feed generator";
      package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-feedgen"] {};
      hostname = mkOption {
        type = types.nullOr atprotoLib.types.hostname;
        default = null;
        example = "feeds.example.com";
        description = "Public hostname (`FEEDGEN_HOSTNAME`): its did:web document points at `https://<hostname>`.";
      };
      serviceDid = common.mkDidWebOption {
        inherit cfg;
        prefix = "services.blacksky-rsky-feedgen";
        description = "DID of the feed generator (`FEEDGEN_SERVICE_DID`), the audience of feed requests.";
      };
      apiKeyFile = common.mkSecretFileOption {
        description = "Key (`RSKY_API_KEY`) the firehose consumers present to the queue API.";
      };
      database = common.mkDatabaseOptions {name = "blacksky-rsky-feedgen";};
      environment = common.mkEnvironmentOption {
        description = "Further variables, e.g. `PINNED_POST_URI`, `TRENDING_PERCENTILE`, `FEEDGEN_HASHTAG_LIMIT`.";
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "the feed generator";
    }
    // common.mkListenOptions {port = 8000;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.blacksky-rsky-feedgen" cfg {
        hostname = "the feed generator's public hostname";
      };

      systemd.services.blacksky-rsky-feedgen = lib.mkMerge [
        (common.mkHardenedService {
          description = "rsky-feedgen ATproto feed generator";
          documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-feedgen"];
          environment =
            {
              ROCKET_ADDRESS = cfg.host;
              ROCKET_PORT = cfg.port;
              FEEDGEN_HOSTNAME = cfg.hostname;
              FEEDGEN_SERVICE_DID = cfg.serviceDid;
            }
            // lib.genAttrs databaseVariables (_: database.url)
            // cfg.environment;
          credentials.api-key = cfg.apiKeyFile;
          # Upstream's diesel migrations, applied to the database this module creates.
          preStart = lib.optionalString (database.url != null && cfg.database.createLocally) ''
            ${lib.getExe pkgs.diesel-cli} migration run \
              --migration-dir ${cfg.package}/share/rsky-feedgen/migrations \
              --database-url ${lib.escapeShellArg database.url}
          '';
          script = ''
            ${common.credentialExports {RSKY_API_KEY = "api-key";}}
            ${database.exports databaseVariables}
            exec ${lib.getExe cfg.package}
          '';
          serviceConfig = {
            RuntimeDirectory = "blacksky-rsky-feedgen";
            # rsky-feedgen reads ./.env if there is one: start where none can be.
            WorkingDirectory = "%t/blacksky-rsky-feedgen";
          };
        })
        database.unit
      ];
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    database.config
    (common.mkNginxConfig {
      prefix = "services.blacksky-rsky-feedgen";
      inherit cfg;
    })
  ]);
}
