# Frontpage: a federated link aggregator. The Next.js app serves the site and an ATproto OAuth
# client, keeps its index in libSQL and receives Frontpage's records from drainpipe, its
# Jetstream consumer, at /api/receive_hook. Its SQL calls `pow()`, which the libSQL embedded in
# the app lacks, so the database is a libSQL server: a local sqld with sqlean's math extension
# (as upstream's local-infra runs it) or Turso.
# Upstream runs on Vercel: its two cron jobs (vercel.json) are systemd timers here, calling
# the app with the cron secret. Variables from packages/frontpage (lib/, app/api/) and
# packages-rs/drainpipe/src at the pinned commit.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.likeandscribe-frontpage;
  prefix = "services.likeandscribe-frontpage";
  common = atprotoLib.service;
  inherit (lib) mkOption optional types;

  user = "likeandscribe-frontpage";
  setupUnit = "likeandscribe-frontpage-setup";
  sqldUnit = "likeandscribe-frontpage-sqld";
  # In unit settings systemd puts the state directory's root in place of %S; the scripts use
  # $STATE_DIRECTORY.
  stateDirectory = "%S/likeandscribe-frontpage";
  localDatabase = cfg.database.url == null;
  databaseUrl =
    if localDatabase
    then "http://${common.socketAddress "127.0.0.1" cfg.database.port}"
    else cfg.database.url;
  appUrl = common.listenUrl cfg.host cfg.port;

  # sqld loads the extensions its trusted.lst names, checked by their sha256.
  sqldExtensions = pkgs.runCommand "frontpage-sqld-extensions" {} ''
    mkdir $out
    cp ${cfg.database.sqlean}/lib/sqlean/math.so $out/math.so
    (cd $out && sha256sum math.so > trusted.lst)
  '';

  # Secrets: option -> credential name, the variable it becomes, how to make one on first start.
  secretSpecs = {
    privateJwk = {
      credential = "private-jwk";
      variable = "PRIVATE_JWK";
      description = "Private P-256 JWK of the OAuth client (`PRIVATE_JWK`, JSON)";
      # Makes the public half beside it.
      generate = file: ''${lib.getExe' cfg.package "frontpage-generate-jwk"} ${file} "$STATE_DIRECTORY/secrets/public-jwk"'';
    };
    publicJwk = {
      credential = "public-jwk";
      variable = "PUBLIC_JWK";
      description = "Its public JWK (`PUBLIC_JWK`, JSON)";
    };
    cronSecret = {
      credential = "cron-secret";
      variable = "CRON_SECRET";
      description = "Bearer token of the cron endpoints (`CRON_SECRET`), which the timers send";
      generate = "openssl rand -hex 32";
    };
    consumerSecret = {
      credential = "consumer-secret";
      variable = "DRAINPIPE_CONSUMER_SECRET";
      description = "Bearer token drainpipe sends to the receive hook (`DRAINPIPE_CONSUMER_SECRET`, drainpipe's `FRONTPAGE_CONSUMER_SECRET`)";
      generate = "openssl rand -hex 32";
    };
  };
  fileOf = name: cfg.secrets."${name}File";

  # Where a secret is read at start: its credential, or the file made on first start.
  secretPath = name:
    if fileOf name != null
    then ''"$CREDENTIALS_DIRECTORY/${secretSpecs.${name}.credential}"''
    else ''"$STATE_DIRECTORY/secrets/${secretSpecs.${name}.credential}"'';
  exportSecret = name: variable: ''export ${variable}="$(< ${secretPath name})"'';

  credentials =
    lib.mapAttrs' (name: spec: lib.nameValuePair spec.credential (fileOf name)) secretSpecs
    // {
      database-auth-token = cfg.database.authTokenFile;
      discord-webhook-url = cfg.discordWebhookUrlFile;
    };

  firstStart = common.firstStartSecrets {
    inherit cfg fileOf;
    specs = secretSpecs;
  };

  # The secrets not given as files, made once into the state directory.
  generateSecrets = lib.concatStringsSep "\n" (lib.filter (line: line != "") [
    "umask 077"
    ''mkdir -p "$STATE_DIRECTORY/secrets"''
    (firstStart.makeAll "$STATE_DIRECTORY/secrets")
  ]);

  databaseExports = lib.concatStringsSep "\n" (
    optional (cfg.database.authTokenFile != null) ''export TURSO_AUTH_TOKEN="$(< "$CREDENTIALS_DIRECTORY/database-auth-token")"''
  );

  # The cron jobs of vercel.json.
  cronJobs = {
    oauth-cleanup = {
      path = "/api/cron/oauth-cleanup";
      schedule = "*-*-* 02:00:00";
      description = "removes expired OAuth sessions";
    };
    rank-posts = {
      path = "/api/cron/rank-posts";
      schedule = "*:0/30";
      description = "recomputes the ranking of posts";
    };
  };
in {
  options.services.likeandscribe-frontpage =
    {
      enable = lib.mkEnableOption "Frontpage, a federated link aggregator, with drainpipe, its Jetstream consumer";
      package = lib.mkPackageOption pkgs ["atproto" "likeandscribe-frontpage"] {};
      hostName = mkOption {
        type = types.nullOr atprotoLib.types.hostname;
        default = null;
        example = "frontpage.example.com";
        description = "Public host name of the site (`VERCEL_PROJECT_PRODUCTION_URL`): the OAuth client is `https://<hostName>/oauth/client-metadata.json` and the links point there.";
      };
      database = {
        url = mkOption {
          type = types.nullOr types.str;
          default = null;
          example = "libsql://frontpage.example.turso.io";
          description = "libSQL server (`TURSO_CONNECTION_URL`); null runs a local sqld (`likeandscribe-frontpage-sqld`, data in its state directory) with sqlean's math extension.";
        };
        port = mkOption {
          type = types.port;
          default = 8080;
          description = "Port of the local sqld, on loopback (sqld's default).";
        };
        sqld = lib.mkPackageOption pkgs "sqld" {};
        sqlean = lib.mkPackageOption pkgs ["atproto" "nalgeon-sqlean"] {};
        authTokenFile = common.mkSecretFileOption {
          description = "Token of the libSQL server (`TURSO_AUTH_TOKEN`; Turso requires one).";
          nullable = true;
        };
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory DIDs are resolved at (`PLC_DIRECTORY_URL`).";
      };
      secrets = lib.mapAttrs' (name: spec:
        lib.nameValuePair "${name}File" (common.mkSecretFileOption {
          description = "${spec.description}; made on first start when unset and `generateSecrets` is on.";
          nullable = true;
        }))
      secretSpecs;
      generateSecrets = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Whether the secrets not given as files are made on first start into
          `/var/lib/likeandscribe-frontpage/secrets/` (the OAuth key pair with
          `frontpage-generate-jwk`, the two bearer tokens with `openssl rand`). Back the key pair
          up: OAuth sessions are bound to it.
        '';
      };
      discordWebhookUrlFile = common.mkSecretFileOption {
        description = "Discord webhook (`DISCORD_WEBHOOK_URL`) that reports and unauthorized cron calls are posted to.";
        nullable = true;
      };
      drainpipe = {
        enable = lib.mkEnableOption "drainpipe, which forwards Frontpage's records from Jetstream to the app" // {default = true;};
        package = lib.mkPackageOption pkgs ["atproto" "likeandscribe-drainpipe"] {};
        jetstream = common.mkEndpointOption config {
          name = "jetstream";
          type = atprotoLib.types.websocketEndpoint;
          description = "Jetstream drainpipe subscribes to (`JETSTREAM_URL`, with `/subscribe` appended).";
        };
        metrics = common.mkMetricsOptions {
          port = 9898;
          optional = false;
        };
      };
      cron.enable = lib.mkEnableOption "the timers calling the cron endpoints (upstream's Vercel cron jobs: OAuth session cleanup daily, post ranking every 30 minutes)" // {default = true;};
      openFirewall = common.mkOpenFirewallOption;
      nginx.enable = lib.mkEnableOption "an nginx virtual host with ACME for `hostName` in front of Frontpage";
    }
    // common.mkListenOptions {port = 3000;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions prefix cfg {
          hostName = "the public host name of the site";
        }
        ++ common.mkGeneratedSecretAssertions prefix cfg {
          "secrets.privateJwkFile" = "the OAuth client's private JWK";
          "secrets.cronSecretFile" = "the cron bearer token";
          "secrets.consumerSecretFile" = "the receive hook's bearer token";
        }
        ++ [
          {
            assertion = (cfg.secrets.privateJwkFile == null) == (cfg.secrets.publicJwkFile == null);
            message = "${prefix}.secrets.privateJwkFile and ${prefix}.secrets.publicJwkFile must be set together (one key pair)";
          }
        ];

      # Secrets made once, then the database migrated; the app, drainpipe and the cron jobs need
      # both.
      systemd.services.${setupUnit} = common.mkHardenedService {
        description = "Frontpage secrets and database migrations";
        documentation = ["https://github.com/likeandscribe/frontpage"];
        after = lib.optional localDatabase "${sqldUnit}.service";
        requires = lib.optional localDatabase "${sqldUnit}.service";
        environment.TURSO_CONNECTION_URL = databaseUrl;
        inherit credentials;
        path = [pkgs.openssl];
        script = lib.concatStringsSep "\n" (lib.filter (line: line != "") [
          (lib.optionalString cfg.generateSecrets generateSecrets)
          # sqld is started, not necessarily listening yet.
          (lib.optionalString localDatabase ''
              for _ in $(seq 120); do (exec 3<>/dev/tcp/127.0.0.1/${toString cfg.database.port}) 2>/dev/null && break; sleep 0.5; done'')
          databaseExports
          "exec ${lib.getExe' cfg.package "frontpage-migrate"}"
        ]);
        serviceConfig = {
          Type = "oneshot";
          RemainAfterExit = true;
          Restart = "no";
          User = user;
          StateDirectory = "likeandscribe-frontpage";
          StateDirectoryMode = "0700";
          # V8 compiles JavaScript to machine code at run time.
          MemoryDenyWriteExecute = false;
        };
      };

      systemd.services.likeandscribe-frontpage = common.mkHardenedService {
        description = "Frontpage";
        documentation = ["https://github.com/likeandscribe/frontpage"];
        after = ["${setupUnit}.service"];
        requires = ["${setupUnit}.service"];
        environment = {
          HOSTNAME = cfg.host;
          PORT = cfg.port;
          NODE_ENV = "production";
          NEXT_TELEMETRY_DISABLED = 1;
          VERCEL_PROJECT_PRODUCTION_URL = cfg.hostName;
          TURSO_CONNECTION_URL = databaseUrl;
          PLC_DIRECTORY_URL = cfg.plcDirectory;
        };
        inherit credentials;
        script = lib.concatStringsSep "\n" (lib.filter (line: line != "") [
          (exportSecret "privateJwk" "PRIVATE_JWK")
          (exportSecret "publicJwk" "PUBLIC_JWK")
          (exportSecret "cronSecret" "CRON_SECRET")
          (exportSecret "consumerSecret" "DRAINPIPE_CONSUMER_SECRET")
          databaseExports
          (lib.optionalString (cfg.discordWebhookUrlFile != null) ''export DISCORD_WEBHOOK_URL="$(< "$CREDENTIALS_DIRECTORY/discord-webhook-url")"'')
          "exec ${lib.getExe cfg.package}"
        ]);
        serviceConfig = {
          User = user;
          StateDirectory = "likeandscribe-frontpage";
          StateDirectoryMode = "0700";
          WorkingDirectory = stateDirectory;
          MemoryDenyWriteExecute = false;
        };
      };

      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "likeandscribe-frontpage" [cfg.plcDirectory cfg.database.url])

    (lib.mkIf localDatabase {
      systemd.services.${sqldUnit} = common.mkHardenedService {
        description = "libSQL server (sqld) of Frontpage";
        documentation = ["https://github.com/tursodatabase/libsql"];
        script = ''
          exec ${lib.getExe cfg.database.sqld} --db-path "$STATE_DIRECTORY/data.sqld" \
            --http-listen-addr ${common.socketAddress "127.0.0.1" cfg.database.port} \
            --extensions-path ${sqldExtensions}
        '';
        serviceConfig = {
          StateDirectory = sqldUnit;
          StateDirectoryMode = "0700";
        };
      };
    })

    (lib.mkIf cfg.drainpipe.enable {
      systemd.services.likeandscribe-drainpipe = common.mkHardenedService {
        description = "drainpipe, Frontpage's Jetstream consumer";
        documentation = ["https://github.com/likeandscribe/frontpage/tree/main/packages-rs/drainpipe"];
        after = ["${setupUnit}.service" "likeandscribe-frontpage.service"];
        requires = ["${setupUnit}.service"];
        environment = {
          STORE_LOCATION = "${stateDirectory}/drainpipe";
          FRONTPAGE_CONSUMER_URL = "${appUrl}/api/receive_hook";
          JETSTREAM_URL = "${cfg.drainpipe.jetstream}/subscribe";
          ATPKGS_METRICS_LISTEN_ADDRESS = common.socketAddress cfg.drainpipe.metrics.host cfg.drainpipe.metrics.port;
          RUST_LOG = "info";
        };
        inherit credentials;
        script = ''
          ${exportSecret "consumerSecret" "FRONTPAGE_CONSUMER_SECRET"}
          exec ${lib.getExe' cfg.drainpipe.package "drainpipe"}
        '';
        serviceConfig = {
          User = user;
          StateDirectory = "likeandscribe-frontpage";
          StateDirectoryMode = "0700";
        };
      };
    })
    (lib.mkIf cfg.drainpipe.enable (common.mkConsumer "likeandscribe-drainpipe" [cfg.drainpipe.jetstream]))

    (lib.mkIf cfg.cron.enable {
      systemd.services = lib.mapAttrs' (name: job:
        lib.nameValuePair "likeandscribe-frontpage-${name}" (common.mkHardenedService {
          description = "Frontpage cron job: ${job.description}";
          documentation = ["https://github.com/likeandscribe/frontpage"];
          wantedBy = [];
          # NixOS makes the timer (`OnCalendar`).
          startAt = job.schedule;
          after = ["likeandscribe-frontpage.service"];
          requires = ["likeandscribe-frontpage.service"];
          inherit credentials;
          # The header comes from a file descriptor, so the token is on no command line.
          script = ''
            exec ${lib.getExe pkgs.curl} --fail --silent --show-error --max-time 600 \
              --header @<(echo "Authorization: Bearer $(< ${secretPath "cronSecret"})") \
              ${appUrl}${job.path}
          '';
          serviceConfig = {
            Type = "oneshot";
            Restart = "no";
            User = user;
            StateDirectory = "likeandscribe-frontpage";
            StateDirectoryMode = "0700";
          };
        }))
      cronJobs;
    })

    (lib.mkIf (cfg.nginx.enable && cfg.hostName != null) (common.mkNginxProxy {
      inherit prefix;
      inherit (cfg) hostName port;
      host = common.reachableHost cfg.host;
    }))
  ]);
}
