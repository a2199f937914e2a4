# rsky-jetstream-subscriber: consumes Jetstream and pushes records into rsky-feedgen's queue.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-jetstream-subscriber;
  common = atprotoLib.service;
  feedgen = config.services.blacksky-rsky-feedgen;
  inherit (lib) mkOption types;
in {
  options.services.blacksky-rsky-jetstream-subscriber = {
    enable = lib.mkEnableOption "rsky-jetstream-subscriber, the Jetstream consumer feeding rsky-feedgen";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-jetstream-subscriber"] {};
    jetstream = common.mkEndpointOption config {
      name = "jetstream";
      type = atprotoLib.types.websocketEndpoint;
      description = "Jetstream instance consumed (`/subscribe` is appended by the program).";
    };
    collections = mkOption {
      type = types.listOf atprotoLib.types.nsid;
      default = [];
      example = ["app.bsky.feed.post" "app.bsky.feed.like"];
      description = "Collections requested from Jetstream; empty means all.";
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
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.blacksky-rsky-jetstream-subscriber" cfg {
        feedgen = "the rsky-feedgen URL (or enable services.blacksky-rsky-feedgen on this host)";
      };

      systemd.services.blacksky-rsky-jetstream-subscriber = common.mkHardenedService {
        description = "rsky-jetstream-subscriber Jetstream consumer";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-jetstream-subscriber"];
        after = lib.optional feedgen.enable "blacksky-rsky-feedgen.service";
        environment = {
          JETSTREAM_SERVER_ENDPOINT = cfg.jetstream;
          JETSTREAM_SUBSCRIPTION_ENDPOINT = cfg.jetstream;
          FILTER_PARAM = lib.concatMapStringsSep "&" (collection: "wantedCollections=${collection}") cfg.collections;
          FEEDGEN_QUEUE_ENDPOINT = cfg.feedgen;
        };
        credentials.api-key = cfg.apiKeyFile;
        script = ''
          ${common.credentialExports {RSKY_API_KEY = "api-key";}}
          exec ${lib.getExe cfg.package}
        '';
      };
    }
    (common.mkConsumer "blacksky-rsky-jetstream-subscriber" [cfg.jetstream])
  ]);
}
