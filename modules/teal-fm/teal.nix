# teal.fm: a music scrobbling AppView on ATproto. Four programs share one PostgreSQL database,
# whose schema upstream applies with `sqlx migrate run` (here: the `teal-fm-teal-migrate`
# unit, before the others): aqua (the AppView API, with CAR imports queued in Redis), the
# status API (listening statuses from a Jetstream v2), cadet (the ingester of plays, profiles
# and statuses from Jetstream, and the CAR import worker) and satellite (statistics over the
# materialized views it refreshes). amethyst, the web front end, is served by nginx. Variables
# from apps/*/src and services/*/src at the pinned commit; the ATPKGS_* ones come from the
# package's patch (listen addresses and cadet's Jetstream, fixed upstream).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.teal-fm-teal;
  prefix = "services.teal-fm-teal";
  common = atprotoLib.service;
  inherit (lib) mkOption optional optionals types;
  inherit (atprotoLib) publicEndpoints;
  inherit (atprotoLib.types) endpoint hostname websocketEndpoint;

  database = common.databaseAccess cfg.database;
  redisName = "teal-fm-teal";
  localRedis = cfg.redis.urlFile == null;
  redisUrl =
    if localRedis
    then common.redisSocketUrl redisName
    else null;

  migrateUnit = "teal-fm-teal-migrate";
  getExe' = lib.getExe' cfg.package;

  # What aqua and cadet share: the database and the CAR import queue.
  databaseAndQueue = {
    unit = lib.mkMerge [
      database.unit
      {
        after = ["${migrateUnit}.service"] ++ optional localRedis "redis-${redisName}.service";
        requires = ["${migrateUnit}.service"] ++ optional localRedis "redis-${redisName}.service";
        serviceConfig =
          {LoadCredential = common.loadCredentials {redis-url = cfg.redis.urlFile;};}
          // lib.optionalAttrs localRedis {SupplementaryGroups = [config.services.redis.servers.${redisName}.group];};
      }
    ];
    exports = [
      (database.exports ["DATABASE_URL"])
      (lib.optionalString (!localRedis) (common.credentialExports {REDIS_URL = "redis-url";}))
    ];
  };

  databaseOnly = lib.mkMerge [
    database.unit
    {
      after = ["${migrateUnit}.service"];
      requires = ["${migrateUnit}.service"];
    }
  ];

  # A program of the package, started after `exports` (shell lines setting the secrets'
  # variables from credentials).
  serviceOf = {
    description,
    program,
    environment,
    arguments ? [],
    wantedBy ? ["multi-user.target"],
    serviceConfig ? {},
    unit,
    exports,
  }:
    lib.mkMerge [
      (common.mkHardenedService {
        inherit description environment wantedBy serviceConfig;
        documentation = ["https://github.com/teal-fm/teal"];
        script = lib.concatStringsSep "\n" (lib.filter (line: line != "") (exports
          ++ [
            "exec ${lib.escapeShellArgs ([(getExe' program)] ++ arguments)}"
          ]));
      })
      unit
    ];

  # The OAuth client metadata amethyst's web build expects at its own origin
  # (apps/amethyst/lib/atp/oauth.tsx).
  clientMetadata = (pkgs.formats.json {}).generate "amethyst-client-metadata.json" {
    client_id = "https://${cfg.amethyst.hostName}/client-metadata.json";
    client_name = "Amethyst";
    redirect_uris = ["https://${cfg.amethyst.hostName}/auth/callback"];
    scope = "atproto transition:generic";
    token_endpoint_auth_method = "none";
    response_types = ["code"];
    grant_types = ["authorization_code" "refresh_token"];
    subject_type = "public";
    authorization_signed_response_alg = "none";
    application_type = "web";
    dpop_bound_access_tokens = true;
  };

  amethyst = cfg.amethyst.package.override {
    tealDid = "did:web:${cfg.aqua.hostName}";
    baseUrl = "https://${cfg.amethyst.hostName}";
  };

  listenOptions = port: what:
    common.mkListenOptions {inherit port;}
    // {
      nginx = common.mkNginxOptions what;
    };
in {
  options.services.teal-fm-teal = {
    enable = lib.mkEnableOption "teal.fm's services (aqua, the status API, cadet and satellite)";
    package = lib.mkPackageOption pkgs ["atproto" "teal-fm-teal"] {};

    database = common.mkDatabaseOptions {name = "teal-fm-teal";};

    redis.urlFile = common.mkSecretFileOption {
      description = "File holding the URL of a remote Redis (`REDIS_URL`) for the CAR import queue of aqua and cadet; null creates a local Redis reached over its Unix socket.";
      nullable = true;
    };

    aqua =
      {
        enable = lib.mkEnableOption "aqua, the AppView API (`/xrpc/fm.teal.*`, CAR imports, `/.well-known/did.json`)" // {default = true;};
        hostName = mkOption {
          type = types.nullOr hostname;
          default = cfg.aqua.nginx.hostName;
          defaultText = lib.literalExpression "config.services.teal-fm-teal.aqua.nginx.hostName";
          example = "aqua.example.com";
          description = "Public host name of aqua: its did:web document (`APP_HOST`) names `did:web:<hostName>` and `https://<hostName>`.";
        };
        publicKeyMultibase = mkOption {
          type = types.nullOr (types.strMatching "z[1-9A-HJ-NP-Za-km-z]+");
          default = null;
          example = "zQ3sheEnMKhEK87PSu4P2mjAevViqHcjKmgxBWsDQPjLRM9wP";
          description = "Public key of the did:web document (`TEST_PUBKEY`), multibase, as `teal gen-key` prints it; null keeps upstream's placeholder key.";
        };
      }
      // listenOptions 3000 "aqua";

    status =
      {
        enable = lib.mkEnableOption "the status API (`/xrpc/fm.teal.actor.getStatus`) and its Jetstream consumer" // {default = true;};
        jetstream = mkOption {
          type = websocketEndpoint;
          # upstream's default: a Jetstream v2, which no atproto.endpoints entry names.
          default = "wss://jetstream.us-east.bsky.network/xrpc/network.bsky.jetstream.subscribeEvents";
          description = "Jetstream v2 subscription (`network.bsky.jetstream.subscribeEvents`) the status records are read from (`JETSTREAM_URL`); the classic Jetstream of `atproto.endpoints.jetstream` does not speak it.";
        };
        handleResolver = common.mkEndpointOption config {
          name = "publicAppview";
          description = "AppView handles are resolved through when the database does not know them (`STATUS_HANDLE_RESOLVER`).";
        };
        backfill = {
          apiKeyFile = common.mkSecretFileOption {
            description = "Jetstream replay API key (`JETSTREAM_API_KEY`): with it, the `teal-fm-teal-status-backfill` unit (started by hand) folds the replay archive of both status collections into the database.";
            nullable = true;
          };
          replay = mkOption {
            type = endpoint;
            default = "https://jetstream.us-east.bsky.network";
            description = "Jetstream replay archive of the backfill (`JETSTREAM_REPLAY_URL`).";
          };
        };
      }
      // listenOptions 3002 "the status API";

    cadet = {
      enable = lib.mkEnableOption "cadet, the Jetstream ingester and CAR import worker" // {default = true;};
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = websocketEndpoint;
        description = "Jetstream cadet subscribes to (`/subscribe` is appended).";
      };
      metrics = common.mkMetricsOptions {port = 9464;};
    };

    satellite =
      {
        enable = lib.mkEnableOption "satellite, the statistics API (`/play/count`, `/actor/latest`, …)" // {default = true;};
        refreshSchedule = mkOption {
          type = types.str;
          default = "0/30 * * * * *";
          example = "0 */5 * * * *";
          description = "When the play-count materialized views are refreshed, as a cron expression with seconds (`REFRESH_MV_CRON`).";
        };
      }
      // listenOptions 3001 "satellite";

    amethyst = {
      enable = lib.mkEnableOption "amethyst, the web front end, served by nginx at `hostName` with its OAuth client metadata";
      hostName = mkOption {
        type = types.nullOr hostname;
        default = null;
        example = "teal.example.com";
        description = "Host name amethyst is served at (the OAuth client is `https://<hostName>/client-metadata.json`).";
      };
      package = lib.mkPackageOption pkgs ["atproto" "teal-fm-amethyst"] {
        extraDescription = "It is built for this host with `.override { tealDid; baseUrl; }`: the AppView (`did:web:<aqua.hostName>`) and its own URL are compiled in.";
      };
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Whether to open the ports of aqua, the status API and satellite in the firewall.";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        lib.optionals cfg.amethyst.enable (common.mkRequiredAssertions prefix cfg {
          "amethyst.hostName" = "the host name amethyst is served at";
          "aqua.hostName" = "aqua's public host name, which amethyst sends its requests to";
        })
        ++ lib.optionals cfg.aqua.enable (common.mkRequiredAssertions prefix cfg {
          "aqua.hostName" = "aqua's public host name (its did:web document), or aqua.nginx.hostName";
        })
        ++ [
          {
            # apps/status/src/db.rs calls pg_input_is_valid, new in PostgreSQL 16.
            assertion = cfg.status.enable && cfg.database.urlFile == null -> lib.versionAtLeast config.services.postgresql.package.version "16";
            message = "${prefix}: the status API needs PostgreSQL 16 or later (it calls pg_input_is_valid); services.postgresql.package is ${config.services.postgresql.package.version}";
          }
        ];

      warnings =
        lib.optional (config.atproto.endpoints.plcDirectory != publicEndpoints.plcDirectory && (cfg.aqua.enable || cfg.cadet.enable)) ''
          ${prefix}: aqua and cadet resolve DIDs at ${publicEndpoints.plcDirectory} and handles at ${publicEndpoints.entryway}, written into their source; atproto.endpoints.plcDirectory (${config.atproto.endpoints.plcDirectory}) is not used by them.'';

      # upstream's `pnpm db:migrate`; the program itself no longer migrates.
      systemd.services.${migrateUnit} = lib.mkMerge [
        (common.mkHardenedService {
          description = "teal.fm database migrations";
          documentation = ["https://github.com/teal-fm/teal"];
          environment.DATABASE_URL = database.url;
          script = lib.concatStringsSep "\n" (lib.filter (line: line != "") [
            (database.exports ["DATABASE_URL"])
            "exec ${lib.getExe pkgs.sqlx-cli} migrate run --source ${cfg.package.migrations}"
          ]);
          serviceConfig = {
            Type = "oneshot";
            RemainAfterExit = true;
            Restart = "no";
          };
        })
        database.unit
      ];

      networking.firewall.allowedTCPPorts = optionals cfg.openFirewall (
        optional cfg.aqua.enable cfg.aqua.port
        ++ optional cfg.status.enable cfg.status.port
        ++ optional cfg.satellite.enable cfg.satellite.port
      );
    }
    database.config
    (lib.mkIf localRedis (common.mkRedis redisName))

    (lib.mkIf cfg.aqua.enable {
      systemd.services.teal-fm-teal-aqua = serviceOf {
        description = "teal.fm AppView API (aqua)";
        program = "aqua";
        environment = {
          DATABASE_URL = database.url;
          REDIS_URL = redisUrl;
          APP_HOST = cfg.aqua.hostName;
          TEST_PUBKEY = cfg.aqua.publicKeyMultibase;
          ATPKGS_LISTEN_ADDRESS = common.socketAddress cfg.aqua.host cfg.aqua.port;
        };
        inherit (databaseAndQueue) unit exports;
      };
    })
    (lib.mkIf cfg.status.enable {
      systemd.services.teal-fm-teal-status = serviceOf {
        description = "teal.fm status API";
        program = "status-api";
        environment = {
          DATABASE_URL = database.url;
          JETSTREAM_URL = cfg.status.jetstream;
          STATUS_HANDLE_RESOLVER = cfg.status.handleResolver;
          STATUS_API_HOST = cfg.status.host;
          STATUS_API_PORT = cfg.status.port;
        };
        unit = databaseOnly;
        exports = [(database.exports ["DATABASE_URL"])];
      };
    })
    (lib.mkIf (cfg.status.enable && cfg.status.backfill.apiKeyFile != null) {
      systemd.services.teal-fm-teal-status-backfill = serviceOf {
        description = "teal.fm status backfill from the Jetstream replay archive";
        program = "status-api";
        arguments = ["backfill"];
        wantedBy = [];
        environment = {
          DATABASE_URL = database.url;
          JETSTREAM_REPLAY_URL = cfg.status.backfill.replay;
        };
        unit = databaseOnly;
        exports = [
          (database.exports ["DATABASE_URL"])
          (common.credentialExports {JETSTREAM_API_KEY = "jetstream-api-key";})
        ];
        serviceConfig = {
          Type = "oneshot";
          Restart = "no";
          LoadCredential = common.loadCredentials {jetstream-api-key = cfg.status.backfill.apiKeyFile;};
        };
      };
    })
    (lib.mkIf cfg.cadet.enable {
      systemd.services.teal-fm-teal-cadet = serviceOf {
        description = "teal.fm Jetstream ingester and CAR import worker (cadet)";
        program = "cadet";
        environment = {
          DATABASE_URL = database.url;
          REDIS_URL = redisUrl;
          CURSOR_FILE = "%S/teal-fm-teal-cadet/cursor";
          ATPKGS_JETSTREAM_URL = "${cfg.cadet.jetstream}/subscribe";
          ATPKGS_METRICS_LISTEN_ADDRESS =
            if cfg.cadet.metrics.enable
            then common.socketAddress cfg.cadet.metrics.host cfg.cadet.metrics.port
            else null;
        };
        inherit (databaseAndQueue) unit exports;
        serviceConfig =
          {StateDirectory = "teal-fm-teal-cadet";}
          # Without metrics the exporter's listener (upstream: 0.0.0.0:9000) may not bind.
          // lib.optionalAttrs (!cfg.cadet.metrics.enable) {SocketBindDeny = "any";};
      };
    })
    (lib.mkIf cfg.satellite.enable {
      systemd.services.teal-fm-teal-satellite = serviceOf {
        description = "teal.fm statistics API (satellite)";
        program = "satellite";
        environment = {
          DATABASE_URL = database.url;
          REFRESH_MV_CRON = cfg.satellite.refreshSchedule;
          ATPKGS_LISTEN_ADDRESS = common.socketAddress cfg.satellite.host cfg.satellite.port;
        };
        unit = databaseOnly;
        exports = [(database.exports ["DATABASE_URL"])];
      };
    })

    (lib.mkIf cfg.status.enable (common.mkConsumer "teal-fm-teal-status" [cfg.status.jetstream cfg.status.handleResolver]))
    (lib.mkIf cfg.cadet.enable (common.mkConsumer "teal-fm-teal-cadet" [cfg.cadet.jetstream]))
    (lib.mkIf cfg.aqua.enable (common.mkNginxConfig {
      prefix = "${prefix}.aqua";
      cfg = cfg.aqua;
    }))
    (lib.mkIf cfg.status.enable (common.mkNginxConfig {
      prefix = "${prefix}.status";
      cfg = cfg.status;
    }))
    (lib.mkIf cfg.satellite.enable (common.mkNginxConfig {
      prefix = "${prefix}.satellite";
      cfg = cfg.satellite;
    }))
    (lib.mkIf (cfg.amethyst.enable && cfg.amethyst.hostName != null && cfg.aqua.hostName != null) {
      services.nginx = {
        enable = true;
        recommendedTlsSettings = lib.mkDefault true;
        virtualHosts.${cfg.amethyst.hostName} = {
          forceSSL = true;
          enableACME = true;
          root = amethyst;
          # A single-page app: every route is index.html (upstream's Caddyfile).
          locations."/".tryFiles = "$uri /index.html";
          locations."= /client-metadata.json".alias = clientMetadata;
        };
      };
      networking.firewall.allowedTCPPorts = [80 443];
    })
  ]);
}
