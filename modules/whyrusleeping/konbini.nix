# Konbini: a partially indexed "friends of friends" Bluesky AppView for one account. It logs in
# as that account, indexes what the account's network posts from a firehose or Jetstream into
# PostgreSQL and serves it on two fixed ports: 4444 (the JSON API of its web frontend) and 4446
# (XRPC `app.bsky.*`, for a PDS or client pointed at it). Flags and variables: main.go,
# handlers.go, sync.go and xrpc/server.go at the pinned commit.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.whyrusleeping-konbini;
  prefix = "services.whyrusleeping-konbini";
  common = atprotoLib.service;
  inherit (lib) mkOption optionals types;
  database = common.databaseAccess cfg.database;
  redisName = "whyrusleeping-konbini";

  # Written into the source: every address, these ports. Go's pprof listens on 4445 too; the
  # unit may bind only the two below, so the debug listener fails and stays off.
  apiPort = 4444;
  xrpcPort = 4446;

  syncConfig = (pkgs.formats.json {}).generate "konbini-sync.json" {
    backends = map (backend:
      {inherit (backend) type host;}
      // lib.optionalAttrs (backend.maxWorkers != null) {max_workers = backend.maxWorkers;})
    cfg.sync.backends;
  };

  # The did:web document the XRPC server serves from its working directory.
  didDocument = (pkgs.formats.json {}).generate "konbini-did.json" {
    # atpkgs-lint: allow(endpoint-literal): the DID core context, an identifier rather than an endpoint
    "@context" = ["https://www.w3.org/ns/did/v1"];
    id = "did:web:${cfg.didWeb.hostName}";
    service = [
      {
        id = "#bsky_appview";
        type = "BskyAppView";
        serviceEndpoint = "https://${cfg.didWeb.hostName}";
      }
    ];
  };

  arguments =
    ["--sync-config" "${syncConfig}"]
    ++ optionals (cfg.maxDatabaseConnections != null) ["--max-db-connections" (toString cfg.maxDatabaseConnections)]
    ++ optionals cfg.redis.enable ["--redis-url" (common.redisSocketUrl redisName)]
    ++ cfg.extraArgs;

  backendType = types.submodule {
    options = {
      type = mkOption {
        type = types.enum ["firehose" "jetstream"];
        description = "`firehose` (`com.atproto.sync.subscribeRepos` of a relay) or `jetstream`.";
      };
      host = mkOption {
        type = types.str;
        example = "bsky.network";
        description = "Host name (and port) of the relay or Jetstream; konbini always connects with `wss://`.";
      };
      maxWorkers = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        description = "Parallel event workers of a firehose backend (upstream's default: 10).";
      };
    };
  };
in {
  options.services.whyrusleeping-konbini = {
    enable = lib.mkEnableOption "Konbini, a partially indexed Bluesky AppView for one account";
    package = lib.mkPackageOption pkgs ["atproto" "whyrusleeping-konbini"] {};
    handle = mkOption {
      type = types.nullOr atprotoLib.types.handle;
      default = null;
      example = "alice.bsky.social";
      description = "Handle of the account whose network is indexed and which Konbini logs in as (`BSKY_HANDLE`).";
    };
    passwordFile = common.mkSecretFileOption {
      description = "App password of that account (`BSKY_PASSWORD`).";
      nullable = true;
    };
    database = common.mkDatabaseOptions {name = "konbini";};
    maxDatabaseConnections = mkOption {
      type = types.nullOr types.ints.positive;
      default = null;
      description = "Size of the database connection pool (`--max-db-connections`; upstream's default: the number of CPUs).";
    };
    redis.enable = lib.mkEnableOption "a local Redis (Unix socket only) caching identity lookups (`--redis-url`)";
    sync.backends = mkOption {
      type = types.listOf backendType;
      default = [
        {
          type = "firehose";
          host = common.hostOf config.atproto.endpoints.relay;
        }
      ];
      defaultText = lib.literalExpression ''[ { type = "firehose"; host = <host of config.atproto.endpoints.relay>; } ]'';
      example = lib.literalExpression ''[ { type = "jetstream"; host = "jetstream.example.com"; } ]'';
      description = "Where events are read from (`--sync-config`); each backend runs at once.";
    };
    didWeb.hostName = mkOption {
      type = types.nullOr atprotoLib.types.hostname;
      default = cfg.nginx.hostName;
      defaultText = lib.literalExpression "config.services.whyrusleeping-konbini.nginx.hostName";
      description = "Host name of the `did:web` document (service `#bsky_appview`) the XRPC server serves at `/.well-known/did.json`; null for none.";
    };
    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Whether to open ports ${toString apiPort} (frontend API) and ${toString xrpcPort} (XRPC) in the firewall; both listen on every address whatever this says.";
    };
    nginx = common.mkNginxOptions "Konbini's XRPC server";
    extraArgs = mkOption {
      type = types.listOf types.str;
      default = [];
      description = "Further arguments of {command}`konbini`.";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions prefix cfg {
        handle = "the account Konbini indexes for and logs in as";
        passwordFile = "the app password of that account";
      };

      systemd.services.whyrusleeping-konbini = lib.mkMerge [
        (common.mkHardenedService {
          description = "Konbini Bluesky AppView";
          documentation = ["https://github.com/whyrusleeping/konbini"];
          after = optionals cfg.redis.enable ["redis-${redisName}.service"];
          requires = optionals cfg.redis.enable ["redis-${redisName}.service"];
          environment = {
            BSKY_HANDLE = cfg.handle;
            DATABASE_URL = database.url;
          };
          credentials.password = cfg.passwordFile;
          script = ''
            ${lib.optionalString (cfg.didWeb.hostName != null) ''ln -sf ${didDocument} "$STATE_DIRECTORY/did.json"''}
            export BSKY_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/password")"
            ${database.exports ["DATABASE_URL"]}
            exec ${common.execCommand cfg.package arguments}
          '';
          serviceConfig =
            {
              StateDirectory = "whyrusleeping-konbini";
              # The XRPC server serves did.json from here.
              WorkingDirectory = "%S/whyrusleeping-konbini";
              SocketBindAllow = ["tcp:${toString apiPort}" "tcp:${toString xrpcPort}"];
              SocketBindDeny = "any";
            }
            // lib.optionalAttrs cfg.redis.enable {
              SupplementaryGroups = [config.services.redis.servers.${redisName}.group];
            };
        })
        database.unit
      ];

      networking.firewall.allowedTCPPorts = optionals cfg.openFirewall [apiPort xrpcPort];
    }
    database.config
    (lib.mkIf cfg.redis.enable (common.mkRedis redisName))
    (common.mkConsumer "whyrusleeping-konbini" (map (backend: backend.host) cfg.sync.backends))
    (common.mkNginxConfig {
      inherit prefix cfg;
      port = xrpcPort;
    })
  ]);
}
