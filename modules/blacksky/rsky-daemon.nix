# rsky-daemon: keeps a local index of a permissioned ATproto data space in sync with its
# space host. PLC lookups go to https://plc.directory (hard-coded upstream).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-daemon;
  common = atprotoLib.service;
  inherit (lib) mkOption types;

  nullableEndpoint = description:
    mkOption {
      type = types.nullOr atprotoLib.types.endpoint;
      default = null;
      inherit description;
    };

  secretVariables =
    lib.optionalAttrs (cfg.pdsAccessTokenFile != null) {DAEMON_PDS_ACCESS_TOKEN = "pds-access-token";}
    // lib.optionalAttrs (cfg.staticCredentialFile != null) {DAEMON_STATIC_CREDENTIAL = "static-credential";};
in {
  options.services.blacksky-rsky-daemon =
    {
      enable = lib.mkEnableOption "rsky-daemon, the permissioned data space syncer";
      package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-daemon"] {};
      spaceUri = mkOption {
        type = types.nullOr (types.strMatching "at://[^/]+/space/[^/]+/[^/]+");
        default = null;
        example = "at://did:web:space.example.com/space/community.blacksky.feed/main";
        description = "AT URI of the space to sync (`DAEMON_SPACE_URI`).";
      };
      spaceHostUrl = nullableEndpoint "Space host to sync from (`DAEMON_SPACE_HOST_URL`).";
      repoHostUrl = nullableEndpoint "Host of the members' repositories (`DAEMON_REPO_HOST_URL`); null means the space host.";
      serviceIdentity = mkOption {
        type = types.nullOr atprotoLib.types.did;
        default = null;
        description = "DID notifications must be addressed to (`DAEMON_SERVICE_IDENTITY`).";
      };
      pdsUrl = nullableEndpoint "PDS of the syncing account, which issues delegation tokens (`DAEMON_PDS_URL`).";
      pdsAccessTokenFile = common.mkSecretFileOption {
        description = "Access token of the syncing account (`DAEMON_PDS_ACCESS_TOKEN`).";
        nullable = true;
      };
      staticCredentialFile = common.mkSecretFileOption {
        description = "Pre-issued space credential for development (`DAEMON_STATIC_CREDENTIAL`).";
        nullable = true;
      };
      notifyEndpoint = nullableEndpoint "Public URL of the notification listener registered with the host (`DAEMON_NOTIFY_ENDPOINT`); null means `http://<host>:<port>`.";
      sweepIntervalSeconds = mkOption {
        type = types.ints.positive;
        default = 300;
        description = "Seconds between sweeps of the space's writer set.";
      };
    }
    // common.mkListenOptions {port = 8055;};

  config = lib.mkIf cfg.enable {
    assertions = common.mkRequiredAssertions "services.blacksky-rsky-daemon" cfg {
      spaceUri = "the space to sync";
      spaceHostUrl = "the space host's URL";
      serviceIdentity = "the DID notifications are addressed to";
    };

    systemd.services.blacksky-rsky-daemon = common.mkHardenedService {
      description = "rsky-daemon permissioned data space syncer";
      documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-daemon"];
      environment = {
        DAEMON_SPACE_URI = cfg.spaceUri;
        DAEMON_SPACE_HOST_URL = cfg.spaceHostUrl;
        DAEMON_REPO_HOST_URL = cfg.repoHostUrl;
        DAEMON_SERVICE_IDENTITY = cfg.serviceIdentity;
        DAEMON_PDS_URL = cfg.pdsUrl;
        DAEMON_NOTIFY_BIND = common.socketAddress cfg.host cfg.port;
        DAEMON_NOTIFY_ENDPOINT = cfg.notifyEndpoint;
        DAEMON_INDEX_DB_PATH = "%S/blacksky-rsky-daemon/index.db";
        DAEMON_SWEEP_INTERVAL_SECS = cfg.sweepIntervalSeconds;
      };
      credentials = {
        pds-access-token = cfg.pdsAccessTokenFile;
        static-credential = cfg.staticCredentialFile;
      };
      script = ''
        ${common.credentialExports secretVariables}
        exec ${lib.getExe cfg.package}
      '';
      serviceConfig = {
        StateDirectory = "blacksky-rsky-daemon";
        # It shuts down cleanly on SIGINT only.
        KillSignal = "SIGINT";
      };
    };
  };
}
