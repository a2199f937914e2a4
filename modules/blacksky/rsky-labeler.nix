# rsky-labeler: watches a relay's firehose for slurs and labels or reports the records
# through a moderation (Ozone) account.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-labeler;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
in {
  options.services.blacksky-rsky-labeler = {
    enable = lib.mkEnableOption "rsky-labeler, Blacksky's firehose labeler";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-labeler"] {};
    relay = common.mkEndpointOption config {
      name = "relay";
      description = "Relay whose firehose is watched (its `wss://` form is used).";
    };
    agentUrl = common.mkEndpointOption config {
      name = "entryway";
      description = "PDS or entryway the moderation account signs in to (`BSKY_AGENT_URL`).";
    };
    moderationDid = mkOption {
      type = types.nullOr atprotoLib.types.did;
      default = null;
      description = "DID of the labeler (Ozone) service events are sent to (`MOD_SERVICE_DID`).";
    };
    account = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "moderation@example.com";
      description = "Sign-in identifier of the moderation account (`MOD_SERVICE_EMAIL`).";
    };
    passwordFile = common.mkSecretFileOption {
      description = "Password of the moderation account (`MOD_SERVICE_PASSWORD`).";
    };
    environment = common.mkEnvironmentOption {
      description = "Further variables: `MOD_SERVICE_LABEL`, `MOD_SERVICE_LABEL_REASON`, `MOD_SERVICE_REASON`, `ENABLE_CREATE_REPORT`, `ENABLE_CREATE_LABEL`, `ENABLE_CREATE_TAG`, ….";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.blacksky-rsky-labeler" cfg {
        moderationDid = "the DID of the labeler service";
        account = "the moderation account's sign-in identifier";
      };

      systemd.services.blacksky-rsky-labeler = common.mkHardenedService {
        description = "rsky-labeler firehose labeler";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-labeler"];
        environment =
          {
            FEEDGEN_SUBSCRIPTION_PATH = common.websocketUrl cfg.relay;
            BSKY_AGENT_URL = cfg.agentUrl;
            MOD_SERVICE_DID = cfg.moderationDid;
            MOD_SERVICE_EMAIL = cfg.account;
          }
          // cfg.environment;
        credentials.password = cfg.passwordFile;
        script = ''
          ${common.credentialExports {MOD_SERVICE_PASSWORD = "password";}}
          exec ${lib.getExe cfg.package}
        '';
        serviceConfig = {
          RuntimeDirectory = "blacksky-rsky-labeler";
          WorkingDirectory = "%t/blacksky-rsky-labeler";
        };
      };
    }
    (common.mkConsumer "blacksky-rsky-labeler" [cfg.relay cfg.agentUrl])
  ]);
}
