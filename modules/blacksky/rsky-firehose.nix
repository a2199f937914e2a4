# rsky-firehose: subscribes to a relay's firehose and pushes records into rsky-feedgen's queue.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-firehose;
  common = atprotoLib.service;
  feedgen = config.services.blacksky-rsky-feedgen;
  inherit (lib) mkOption types;
in {
  options.services.blacksky-rsky-firehose = {
    enable = lib.mkEnableOption "rsky-firehose, the relay consumer feeding rsky-feedgen";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-firehose"] {};
    relay = common.mkEndpointOption config {
      name = "relay";
      description = "Relay whose firehose is consumed (its `wss://` form is used).";
    };
    stream = mkOption {
      type = types.enum ["com.atproto.sync.subscribeRepos" "com.atproto.label.subscribeLabels"];
      default = "com.atproto.sync.subscribeRepos";
      description = "Subscription consumed: repository events or labels.";
    };
    feedgen = mkOption {
      type = types.nullOr atprotoLib.types.endpoint;
      default =
        if feedgen.enable
        then "http://${common.socketAddress feedgen.host feedgen.port}"
        else null;
      defaultText = lib.literalExpression "the local rsky-feedgen, when enabled";
      description = "rsky-feedgen instance whose queue receives the records.";
    };
    apiKeyFile = common.mkSecretFileOption {
      description = "Key (`RSKY_API_KEY`) presented to rsky-feedgen's queue API.";
    };
    environment = common.mkEnvironmentOption {
      description = "Further variables, e.g. `FEEDGEN_SUBSCRIPTION_CURSOR`.";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.blacksky-rsky-firehose" cfg {
        feedgen = "the rsky-feedgen URL (or enable services.blacksky-rsky-feedgen on this host)";
      };

      systemd.services.blacksky-rsky-firehose = common.mkHardenedService {
        description = "rsky-firehose relay consumer";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-firehose"];
        after = lib.optional feedgen.enable "blacksky-rsky-feedgen.service";
        environment =
          {
            FEEDGEN_SUBSCRIPTION_PATH = common.websocketUrl cfg.relay;
            FEEDGEN_SUBSCRIPTION_ENDPOINT = cfg.stream;
            FEEDGEN_QUEUE_ENDPOINT = cfg.feedgen;
          }
          // cfg.environment;
        credentials.api-key = cfg.apiKeyFile;
        script = ''
          ${common.credentialExports {RSKY_API_KEY = "api-key";}}
          exec ${lib.getExe cfg.package}
        '';
        serviceConfig = {
          RuntimeDirectory = "blacksky-rsky-firehose";
          WorkingDirectory = "%t/blacksky-rsky-firehose";
        };
      };
    }
    (common.mkConsumer "blacksky-rsky-firehose" [cfg.relay])
  ]);
}
