# Indigo's hepa: automated moderation. It watches the firehose, applies its rules, and acts
# through an Ozone instance; its counters live in a local Redis.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.bluesky-hepa;
  common = atprotoLib.service;
  inherit (lib) mkOption types;

  secretVariables =
    {HEPA_OZONE_AUTH_ADMIN_TOKEN = "ozone-admin-token";}
    // lib.optionalAttrs (cfg.pds.adminTokenFile != null) {HEPA_PDS_AUTH_ADMIN_TOKEN = "pds-admin-token";};
in {
  options.services.bluesky-hepa = {
    enable = lib.mkEnableOption "Indigo's hepa automated moderation service";
    package = lib.mkPackageOption pkgs ["atproto" "bluesky-indigo"] {};
    relay = common.mkEndpointOption config {
      name = "relay";
      description = "Relay whose firehose is moderated (its `wss://` form is used).";
    };
    plcDirectory = common.mkEndpointOption config {
      name = "plcDirectory";
      description = "PLC directory identities are resolved with.";
    };
    appview = common.mkEndpointOption config {
      name = "publicAppview";
      description = "AppView queried without authentication.";
    };
    ozone = {
      url = common.mkEndpointOption config {
        name = "moderation";
        description = "Ozone instance moderation actions are sent to.";
      };
      did = mkOption {
        type = types.nullOr atprotoLib.types.did;
        default = null;
        description = "DID of the account Ozone actions are attributed to (`HEPA_OZONE_DID`).";
      };
      adminTokenFile = common.mkSecretFileOption {
        description = "Admin password of the Ozone instance (`HEPA_OZONE_AUTH_ADMIN_TOKEN`).";
      };
    };
    pds = {
      url = common.mkEndpointOption config {
        name = "entryway";
        description = "PDS or entryway queried for account details with admin authentication.";
      };
      adminTokenFile = common.mkSecretFileOption {
        description = "Admin password of that PDS (`HEPA_PDS_AUTH_ADMIN_TOKEN`).";
        nullable = true;
      };
    };
    ruleset = mkOption {
      type = types.enum ["default" "no-blobs" "only-blobs"];
      default = "default";
      description = "Which rules run.";
    };
    metrics = common.mkMetricsOptions {
      port = 3989;
      optional = false;
    };
    environment = common.mkEnvironmentOption {
      description = "Further variables, e.g. `HEPA_QUOTA_MOD_REPORT_DAY`, `HEPA_FIREHOSE_PARALLELISM`.";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.bluesky-hepa" cfg {
        "ozone.did" = "the DID Ozone actions are attributed to";
      };

      systemd.services.bluesky-hepa = common.mkHardenedService {
        description = "Indigo hepa automated moderation";
        documentation = ["https://github.com/bluesky-social/indigo/tree/main/cmd/hepa"];
        after = ["redis-bluesky-hepa.service"];
        requires = ["redis-bluesky-hepa.service"];
        environment =
          {
            ATP_RELAY_HOST = common.websocketUrl cfg.relay;
            ATP_PLC_HOST = cfg.plcDirectory;
            ATP_BSKY_HOST = cfg.appview;
            ATP_OZONE_HOST = cfg.ozone.url;
            HEPA_OZONE_DID = cfg.ozone.did;
            ATP_PDS_HOST = cfg.pds.url;
            HEPA_REDIS_URL = common.redisSocketUrl "bluesky-hepa";
            HEPA_RULESET = cfg.ruleset;
            HEPA_METRICS_LISTEN = common.socketAddress cfg.metrics.host cfg.metrics.port;
          }
          // cfg.environment;
        credentials = {
          ozone-admin-token = cfg.ozone.adminTokenFile;
          pds-admin-token = cfg.pds.adminTokenFile;
        };
        script = ''
          ${common.credentialExports secretVariables}
          exec ${lib.getExe' cfg.package "hepa"} run
        '';
        serviceConfig.SupplementaryGroups = [config.services.redis.servers.bluesky-hepa.group];
      };
    }
    (common.mkRedis "bluesky-hepa")
    (common.mkConsumer "bluesky-hepa" [cfg.relay cfg.plcDirectory cfg.appview cfg.ozone.url cfg.pds.url])
  ]);
}
