# Frontpage and drainpipe (likeandscribe-frontpage, likeandscribe-drainpipe): packages and module.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  package = pkgs.atproto.likeandscribe-frontpage;
  drainpipe = pkgs.atproto.likeandscribe-drainpipe;
  configWith = extra: system [configurations.likeandscribe-frontpage extra];
  servicesWith = extra: (configWith extra).systemd.services;
  services = servicesWith {};
  plain = builtins.unsafeDiscardStringContext;
in {
  # The commit without the one blob no copy here holds, fetched as a sparse checkout; drainpipe
  # builds from the same source.
  sourceIsTheCommitWithoutItsOpenGraphImage = {
    expr = {
      inherit (package.src) rev outputHash;
      inherit (package.src) sparseCheckout nonConeMode;
      drainpipe = drainpipe.src == package.src;
    };
    expected = {
      rev = "2a8a984e7801ba980a3942cef363269637257f9b";
      outputHash = "sha256-SjjR42KhStRpQ/Y1x47aKobFA6PRFkRlFlKjrcALmY0=";
      sparseCheckout = ["/*" "!/packages/frontpage/app/opengraph-image.png"];
      nonConeMode = true;
      drainpipe = true;
    };
  };

  # A standalone Next.js server, no Google Fonts, no telemetry, the migrations beside it.
  packageIsAStandaloneServerWithItsMigrations = {
    expr = {
      inherit (package) NEXT_TELEMETRY_DISABLED;
      standalone = lib.hasInfix "cp -r packages/frontpage/.next/standalone/." package.installPhase;
      fonts = map (font: lib.hasInfix font package.postPatch) ["share/fonts/variable/SourceSerif4Variable-Roman.otf" "share/fonts/variable/SourceSans3VF-Upright.otf"];
      patched = lib.hasSuffix "-self-hosted.patch" package.patches;
      migrate = lib.hasInfix "$out/bin/frontpage-migrate --add-flags $app/migrate.mjs" package.postInstall;
      drainpipe = lib.mapAttrs (_: member: member.cargoExtraArgs) drainpipe.members;
    };
    expected = {
      NEXT_TELEMETRY_DISABLED = "1";
      standalone = true;
      fonts = [true true];
      patched = true;
      migrate = true;
      drainpipe = {
        drainpipe = "--locked -p drainpipe --bin drainpipe";
        drainpipe-cli = "--locked -p drainpipe-cli --bin drainpipe-cli";
      };
    };
  };

  defaultPdsHostIsCompiledIn = {
    expr = (package.override {defaultPdsHost = "pds.example.test";}).NEXT_PUBLIC_DEFAULT_PDS_HOST;
    expected = "pds.example.test";
  };

  # One dynamic user for the app, drainpipe and the cron jobs, sharing the state directory
  # (database, secrets, drainpipe's store), after the setup unit.
  unitsShareTheStateAfterSetup = {
    expr = lib.mapAttrs (_: service: {
      inherit (service.serviceConfig) User StateDirectory;
      requiresSetup = builtins.elem "likeandscribe-frontpage-setup.service" service.requires;
    }) (lib.filterAttrs (name: _: builtins.elem name ["likeandscribe-frontpage" "likeandscribe-drainpipe"]) services);
    expected = let
      unit = {
        User = "likeandscribe-frontpage";
        StateDirectory = "likeandscribe-frontpage";
        requiresSetup = true;
      };
    in {
      likeandscribe-frontpage = unit;
      likeandscribe-drainpipe = unit;
    };
  };

  environmentAsTheProgramsReadIt = {
    expr = {
      app = services.likeandscribe-frontpage.environment;
      drainpipe = services.likeandscribe-drainpipe.environment;
    };
    expected = {
      app = {
        HOSTNAME = "127.0.0.1";
        PORT = "3000";
        NODE_ENV = "production";
        NEXT_TELEMETRY_DISABLED = "1";
        VERCEL_PROJECT_PRODUCTION_URL = "frontpage.example.test";
        TURSO_CONNECTION_URL = "http://127.0.0.1:8080";
        PLC_DIRECTORY_URL = "https://plc.directory";
      };
      drainpipe = {
        STORE_LOCATION = "%S/likeandscribe-frontpage/drainpipe";
        FRONTPAGE_CONSUMER_URL = "http://127.0.0.1:3000/api/receive_hook";
        JETSTREAM_URL = "wss://jetstream2.us-east.bsky.network/subscribe";
        ATPKGS_METRICS_LISTEN_ADDRESS = "127.0.0.1:9898";
        RUST_LOG = "info";
      };
    };
  };

  # Secrets not given are made once by the setup unit; the app and drainpipe read the same
  # consumer secret, the app and the timers the same cron secret.
  generatedSecretsAreShared = let
    setup = services.likeandscribe-frontpage-setup;
    consumer = ''"$(< "$STATE_DIRECTORY/secrets/consumer-secret")"'';
  in {
    expr = {
      jwk = lib.hasInfix ''bin/frontpage-generate-jwk "$STATE_DIRECTORY/secrets/private-jwk" "$STATE_DIRECTORY/secrets/public-jwk"'' setup.script;
      random = lib.hasInfix ''openssl rand -hex 32 > "$STATE_DIRECTORY/secrets/consumer-secret"'' setup.script;
      migrates = lib.hasSuffix "bin/frontpage-migrate" setup.script;
      app = lib.hasInfix "export DRAINPIPE_CONSUMER_SECRET=${consumer}" services.likeandscribe-frontpage.script;
      drainpipe = lib.hasInfix "export FRONTPAGE_CONSUMER_SECRET=${consumer}" services.likeandscribe-drainpipe.script;
      cron = lib.hasInfix ''"Authorization: Bearer $(< "$STATE_DIRECTORY/secrets/cron-secret")"'' services.likeandscribe-frontpage-rank-posts.script;
    };
    expected = {
      jwk = true;
      random = true;
      migrates = true;
      app = true;
      drainpipe = true;
      cron = true;
    };
  };

  # Given files are credentials instead, and nothing is generated for them.
  givenSecretsAreCredentials = let
    given = servicesWith {
      services.likeandscribe-frontpage.secrets = {
        privateJwkFile = "/run/secrets/frontpage-private-jwk";
        publicJwkFile = "/run/secrets/frontpage-public-jwk";
        consumerSecretFile = "/run/secrets/frontpage-consumer-secret";
      };
    };
  in {
    expr = {
      generatesJwk = lib.hasInfix "frontpage-generate-jwk" given.likeandscribe-frontpage-setup.script;
      drainpipe = lib.hasInfix ''export FRONTPAGE_CONSUMER_SECRET="$(< "$CREDENTIALS_DIRECTORY/consumer-secret")"'' given.likeandscribe-drainpipe.script;
      credentials = given.likeandscribe-drainpipe.serviceConfig.LoadCredential;
    };
    expected = {
      generatesJwk = false;
      drainpipe = true;
      credentials = [
        "consumer-secret:/run/secrets/frontpage-consumer-secret"
        "discord-webhook-url:/run/secrets/frontpage-discord-webhook"
        "private-jwk:/run/secrets/frontpage-private-jwk"
        "public-jwk:/run/secrets/frontpage-public-jwk"
      ];
    };
  };

  # vercel.json's cron jobs, as timers NixOS makes from startAt.
  cronJobsAreTimers = {
    expr = lib.mapAttrs (_: service: {
      inherit (service) startAt wantedBy;
      url = lib.last (lib.splitString " " (lib.removeSuffix "\n" (plain service.script)));
    }) (lib.filterAttrs (name: _: builtins.elem name ["likeandscribe-frontpage-rank-posts" "likeandscribe-frontpage-oauth-cleanup"]) services);
    expected = {
      likeandscribe-frontpage-oauth-cleanup = {
        startAt = "*-*-* 02:00:00";
        wantedBy = [];
        url = "http://127.0.0.1:3000/api/cron/oauth-cleanup";
      };
      likeandscribe-frontpage-rank-posts = {
        startAt = "*:0/30";
        wantedBy = [];
        url = "http://127.0.0.1:3000/api/cron/rank-posts";
      };
    };
  };

  remoteDatabaseWithToken = let
    remote = servicesWith {
      services.likeandscribe-frontpage.database = {
        url = "libsql://frontpage.example.test";
        authTokenFile = "/run/secrets/turso-token";
      };
    };
  in {
    expr = {
      url = remote.likeandscribe-frontpage.environment.TURSO_CONNECTION_URL;
      setupUrl = remote.likeandscribe-frontpage-setup.environment.TURSO_CONNECTION_URL;
      local = remote ? likeandscribe-frontpage-sqld || lib.hasInfix "/dev/tcp" remote.likeandscribe-frontpage-setup.script;
      token = lib.hasInfix ''export TURSO_AUTH_TOKEN="$(< "$CREDENTIALS_DIRECTORY/database-auth-token")"'' remote.likeandscribe-frontpage.script;
    };
    expected = {
      url = "libsql://frontpage.example.test";
      setupUrl = "libsql://frontpage.example.test";
      local = false;
      token = true;
    };
  };

  # Upstream's SQL calls pow(), which the embedded libSQL lacks: the local database is sqld
  # with sqlean's math extension, trusted by its hash, as upstream's local-infra runs it.
  localDatabaseIsSqldWithTheMathExtension = let
    sqld = services.likeandscribe-frontpage-sqld;
  in {
    expr = {
      listen = lib.hasInfix "--http-listen-addr 127.0.0.1:8080" sqld.script;
      data = lib.hasInfix ''--db-path "$STATE_DIRECTORY/data.sqld"'' sqld.script;
      extensions = lib.hasInfix "-frontpage-sqld-extensions" sqld.script;
      inherit (sqld.serviceConfig) StateDirectory;
      setupWaits = lib.hasInfix "/dev/tcp/127.0.0.1/8080" services.likeandscribe-frontpage-setup.script;
      order = services.likeandscribe-frontpage-setup.requires;
      sqlean = {
        inherit (pkgs.atproto.nalgeon-sqlean) version makeFlags buildFlags;
        inherit (pkgs.atproto.nalgeon-sqlean.src) outputHash;
      };
    };
    expected = {
      listen = true;
      data = true;
      extensions = true;
      StateDirectory = "likeandscribe-frontpage-sqld";
      setupWaits = true;
      order = ["likeandscribe-frontpage-sqld.service"];
      sqlean = {
        version = "0.27.1";
        makeFlags = "SQLEAN_VERSION='\"0.27.1\"'";
        buildFlags = "prepare-dist compile-linux";
        outputHash = "sha256-So4yUr9U1WCP1d6wJiJU1XkaCxmEaLMos6tlxQHmcxE=";
      };
    };
  };

  drainpipeFollowsTheHostsJetstream = {
    expr = (servicesWith {atproto.endpoints.jetstream = "wss://jetstream.example.test";}).likeandscribe-drainpipe.environment.JETSTREAM_URL;
    expected = "wss://jetstream.example.test/subscribe";
  };

  nginxServesTheHostName = {
    expr = (configWith {}).services.nginx.virtualHosts."frontpage.example.test".locations."/".proxyPass;
    expected = "http://127.0.0.1:3000";
  };
}
