# The bluesky-social/atproto monorepo: its build, its members (libraries and `lex`), the
# AppView, bsync and Ozone packages, and services.bluesky-appview / services.bluesky-ozone.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  inherit (pkgs.atproto) bluesky-atproto bluesky-appview bluesky-ozone atproto-api atproto-lex-cli;
  contains = infix: text: lib.hasInfix (builtins.unsafeDiscardStringContext infix) (builtins.unsafeDiscardStringContext text);
  lines = text: lib.filter (line: line != "") (lib.splitString "\n" text);
  exported = script: map (line: lib.head (lib.splitString "=" (lib.removePrefix "export " line))) (lib.filter (lib.hasPrefix "export ") (lines script));

  appview = settings: system [{imports = [configurations.bluesky-appview settings];}];
  ozone = settings: system [{imports = [configurations.bluesky-ozone settings];}];
  appviewUnits = (appview {}).systemd.services;
  ozoneUnits = (ozone {}).systemd.services;
in {
  # One commit (a release of every package below), lockfile-exact, installed by pnpm 10 (the
  # lockfile is pnpm 11's; the list drops its env document).
  monorepoPin = {
    expr = {
      inherit (bluesky-atproto.src) rev;
      lockfile = bluesky-atproto.nodeDeps.list.lockfile;
      lockfileVersion = bluesky-atproto.nodeDeps.list.lockfileVersion;
      pnpm = (lib.findFirst (input: (input.pname or "") == "pnpm") null bluesky-atproto.drvAttrs.nativeBuildInputs).version;
      unpinned = bluesky-atproto.nodeDeps.list.unpinned;
      pnpmItself = lib.any (tarball: tarball.name == "pnpm" || tarball.name == "@pnpm/exe") bluesky-atproto.nodeDeps.list.tarballs;
    };
    expected = {
      rev = "24abd96cc0b9fcd326035256dda8f7f6f832cc1c";
      lockfile = "pnpm-lock.yaml";
      lockfileVersion = "9.0";
      pnpm = "10.34.5";
      unpinned = [];
      pnpmItself = false;
    };
  };

  # Every package the issue names, at the version the commit released, and the servers'.
  membersAndVersions = {
    expr = lib.mapAttrs (_: member: member.name) bluesky-atproto.members;
    expected = {
      api = "atproto-api-0.20.41";
      bsky = "atproto-bsky-0.0.275";
      bsync = "atproto-bsync-0.0.41";
      common = "atproto-common-0.8.0";
      crypto = "atproto-crypto-0.5.4";
      did = "atproto-did-0.5.4";
      identity = "atproto-identity-0.5.9";
      lex-cli = "atproto-lex-cli-0.10.10";
      lexicon = "atproto-lexicon-0.7.11";
      ozone = "atproto-ozone-0.2.29";
      repo = "atproto-repo-0.10.11";
      syntax = "atproto-syntax-0.7.4";
      xrpc = "atproto-xrpc-0.8.10";
      xrpc-server = "atproto-xrpc-server-0.12.5";
    };
  };

  # The workspace is built once, every package with its workspace dependencies first.
  buildsEachPackageOnce = {
    expr = {
      filters = map (name: contains "--filter=${name}..." bluesky-atproto.drvAttrs.buildPhase) ["@atproto/api" "@atproto/bsky" "@atproto/ozone" "@atproto/lex-cli"];
      concurrency = contains "--workspace-concurrency=1" bluesky-atproto.drvAttrs.buildPhase;
      fromBuilt = contains "${bluesky-atproto}/." atproto-api.drvAttrs.buildPhase;
    };
    expected = {
      filters = [true true true true];
      concurrency = true;
      fromBuilt = true;
    };
  };

  # A member is its package with production dependencies, checked to import, and a setup hook
  # that links it into a consumer's node_modules.
  memberIsDeployed = {
    expr = {
      deploy = contains "pnpm --filter=@atproto/api deploy --prod --offline" atproto-api.drvAttrs.installPhase;
      target = contains "$out/lib/node_modules/@atproto/api" atproto-api.drvAttrs.installPhase;
      importChecked = atproto-api.drvAttrs.doInstallCheck && contains "import('@atproto/api')" atproto-api.drvAttrs.installCheckPhase;
      inherit (atproto-api.drvAttrs) nodeModuleName;
      hook = baseNameOf (toString atproto-api.drvAttrs.setupHook);
      mainProgram = atproto-api.meta.mainProgram or null;
    };
    expected = {
      deploy = true;
      target = true;
      importChecked = true;
      nodeModuleName = "@atproto/api";
      hook = "node-module-hook.sh";
      mainProgram = null;
    };
  };

  lexOnPath = {
    expr = {
      inherit (atproto-lex-cli.meta) mainProgram;
      wrapper = contains "makeWrapper" atproto-lex-cli.drvAttrs.postInstall && contains "/lib/node_modules/@atproto/lex-cli/bin.js" atproto-lex-cli.drvAttrs.postInstall;
    };
    expected = {
      mainProgram = "lex";
      wrapper = true;
    };
  };

  # The servers' programs are atpkgs' entrypoints beside the deployed package.
  serverPrograms = {
    expr = {
      appview = map (program: contains "$out/bin/${program}" bluesky-appview.drvAttrs.postInstall) ["bluesky-appview" "bluesky-appview-dataplane"];
      ozone = map (program: contains "$out/bin/${program}" bluesky-ozone.drvAttrs.postInstall) ["bluesky-ozone" "bluesky-ozone-daemon"];
      listenShim = contains "-listen.mjs" bluesky-appview.drvAttrs.postInstall;
      inherit (bluesky-appview) version;
    };
    expected = {
      appview = [true true];
      ozone = [true true];
      listenShim = true;
      version = "0.0.275";
    };
  };

  # The API, the data plane and bsync reach each other on loopback and share one database
  # (schemas bsky and bsync), as one user for PostgreSQL's peer authentication.
  appviewUnits = {
    expr = {
      units = lib.filter (lib.hasPrefix "bluesky-appview") (lib.attrNames appviewUnits);
      api = lib.getAttrs ["BSKY_PORT" "BSKY_PUBLIC_URL" "BSKY_SERVER_DID" "BSKY_DATAPLANE_URLS" "BSKY_BSYNC_URL" "BSKY_DID_PLC_URL" "MOD_SERVICE_DID" "ATPKGS_LISTEN_ADDRESS"] appviewUnits.bluesky-appview.environment;
      dataplane = lib.getAttrs ["BSKY_DATAPLANE_PORT" "BSKY_DATAPLANE_DB_POSTGRES_URL" "BSKY_DATAPLANE_DB_POSTGRES_SCHEMA" "BSKY_DATAPLANE_REPO_PROVIDER" "ATPKGS_LISTEN_ADDRESS"] appviewUnits.bluesky-appview-dataplane.environment;
      bsync = lib.getAttrs ["BSYNC_PORT" "BSYNC_DB_POSTGRES_URL" "BSYNC_DB_POSTGRES_SCHEMA" "ATPKGS_LISTEN_ADDRESS"] appviewUnits.bluesky-appview-bsync.environment;
      users = lib.unique (map (name: appviewUnits.${name}.serviceConfig.User) ["bluesky-appview" "bluesky-appview-dataplane" "bluesky-appview-bsync"]);
      database = (appview {}).services.postgresql.ensureDatabases;
    };
    expected = {
      units = ["bluesky-appview" "bluesky-appview-bsync" "bluesky-appview-dataplane" "bluesky-appview-secrets"];
      api = {
        BSKY_PORT = "2584";
        BSKY_PUBLIC_URL = "https://appview.example.test";
        BSKY_SERVER_DID = "did:web:appview.example.test";
        BSKY_DATAPLANE_URLS = "http://127.0.0.1:2586";
        BSKY_BSYNC_URL = "http://127.0.0.1:2585";
        BSKY_DID_PLC_URL = "https://plc.example.test";
        MOD_SERVICE_DID = "did:plc:ar7c4by46qjdydhdevvrndac";
        ATPKGS_LISTEN_ADDRESS = "127.0.0.1";
      };
      dataplane = {
        BSKY_DATAPLANE_PORT = "2586";
        BSKY_DATAPLANE_DB_POSTGRES_URL = "postgresql:///bluesky-appview?host=/run/postgresql&user=bluesky-appview";
        BSKY_DATAPLANE_DB_POSTGRES_SCHEMA = "bsky";
        BSKY_DATAPLANE_REPO_PROVIDER = "wss://relay.example.test";
        ATPKGS_LISTEN_ADDRESS = "127.0.0.1";
      };
      bsync = {
        BSYNC_PORT = "2585";
        BSYNC_DB_POSTGRES_URL = "postgresql:///bluesky-appview?host=/run/postgresql&user=bluesky-appview";
        BSYNC_DB_POSTGRES_SCHEMA = "bsync";
        ATPKGS_LISTEN_ADDRESS = "127.0.0.1";
      };
      users = ["bluesky-appview"];
      database = ["bluesky-appview"];
    };
  };

  # Given secrets are credentials; the bsync key is made once by the secrets unit and loaded
  # from its state directory by each unit needing it; no secret is in the environment.
  appviewSecrets = {
    expr = {
      api = appviewUnits.bluesky-appview.serviceConfig.LoadCredential;
      apiExports = exported appviewUnits.bluesky-appview.script;
      bsync = appviewUnits.bluesky-appview-bsync.serviceConfig.LoadCredential;
      bsyncExports = exported appviewUnits.bluesky-appview-bsync.script;
      dataplaneExports = exported appviewUnits.bluesky-appview-dataplane.script;
      made = lib.filter (lib.hasInfix "||") (lines appviewUnits.bluesky-appview-secrets.script);
      apiAfterSecrets = builtins.elem "bluesky-appview-secrets.service" appviewUnits.bluesky-appview.requires;
      inEnvironment = lib.filter (name: lib.hasInfix "KEY" name || lib.hasInfix "PASSWORD" name) (lib.attrNames appviewUnits.bluesky-appview.environment);
    };
    expected = {
      api = [
        "admin-password:/run/secrets/appview-admin-password"
        "bsync-api-key:%S/bluesky-appview-secrets/bsync-api-key"
        "signing-key:/run/secrets/appview-signing-key"
      ];
      apiExports = ["BSKY_ADMIN_PASSWORDS" "BSKY_BSYNC_API_KEY" "BSKY_SERVICE_SIGNING_KEY"];
      bsync = ["bsync-api-key:%S/bluesky-appview-secrets/bsync-api-key"];
      bsyncExports = ["BSYNC_API_KEYS"];
      dataplaneExports = ["BSKY_BSYNC_API_KEY"];
      made = [''[ -s "$STATE_DIRECTORY/bsync-api-key" ] || openssl rand -hex 32 > "$STATE_DIRECTORY/bsync-api-key"''];
      apiAfterSecrets = true;
      inEnvironment = [];
    };
  };

  # Every secret given as a file: no secrets unit; no admin password: none exported.
  appviewWithoutGeneratedSecrets = {
    expr = let
      units =
        (appview {
          services.bluesky-appview.secrets = {
            bsyncApiKeyFile = "/run/secrets/bsync-key";
            adminPasswordFile = lib.mkForce null;
          };
        })
        .systemd
        .services;
    in {
      secretsUnit = units ? bluesky-appview-secrets;
      exports = exported units.bluesky-appview.script;
      requires = units.bluesky-appview.requires;
    };
    expected = {
      secretsUnit = false;
      exports = ["BSKY_BSYNC_API_KEY" "BSKY_SERVICE_SIGNING_KEY"];
      requires = ["postgresql.target"];
    };
  };

  # A remote database: its URL (a credential) reaches both the data plane and bsync; no local
  # PostgreSQL, no fixed user.
  appviewRemoteDatabase = {
    expr = let
      config = appview {services.bluesky-appview.database.urlFile = "/run/secrets/appview-db";};
      units = config.systemd.services;
    in {
      postgresql = config.services.postgresql.enable;
      dataplane = lib.filter (lib.hasInfix "DB_POSTGRES_URL") (lines units.bluesky-appview-dataplane.script);
      bsync = lib.filter (lib.hasInfix "DB_POSTGRES_URL") (lines units.bluesky-appview-bsync.script);
      user = units.bluesky-appview-dataplane.serviceConfig.User or null;
      inEnvironment = units.bluesky-appview-dataplane.environment ? BSKY_DATAPLANE_DB_POSTGRES_URL;
    };
    expected = {
      postgresql = false;
      dataplane = [''export BSKY_DATAPLANE_DB_POSTGRES_URL="$(< "$CREDENTIALS_DIRECTORY/database-url")"''];
      bsync = [''export BSYNC_DB_POSTGRES_URL="$(< "$CREDENTIALS_DIRECTORY/database-url")"''];
      user = null;
      inEnvironment = false;
    };
  };

  # No relay: the data plane indexes nothing.
  appviewWithoutRelay = {
    expr = (appview {services.bluesky-appview.relay = null;}).systemd.services.bluesky-appview-dataplane.environment ? BSKY_DATAPLANE_REPO_PROVIDER;
    expected = false;
  };

  # The host's PDS proxies app.bsky.* to this AppView (service discovery), and starts after it.
  pdsUsesTheLocalAppview = {
    expr = let
      config = appview {
        services.atproto-pds = {
          enable = true;
          hostname = "pds.example.test";
        };
      };
      pds = config.systemd.services.atproto-pds;
    in {
      inherit (pds.environment) PDS_BSKY_APP_VIEW_URL PDS_BSKY_APP_VIEW_DID;
      after = builtins.elem "bluesky-appview.service" pds.after;
    };
    expected = {
      PDS_BSKY_APP_VIEW_URL = "https://appview.example.test";
      PDS_BSKY_APP_VIEW_DID = "did:web:appview.example.test";
      after = true;
    };
  };

  # nginx in front of the API only; the firewall stays closed for the internal ports.
  appviewNginx = {
    expr = let
      config = appview {services.bluesky-appview.openFirewall = true;};
    in {
      proxy = config.services.nginx.virtualHosts."appview.example.test".locations."/".proxyPass;
      ports = config.networking.firewall.allowedTCPPorts;
    };
    expected = {
      proxy = "http://127.0.0.1:2584";
      ports = [2584 80 443];
    };
  };

  ozoneUnits = {
    expr = {
      units = lib.filter (lib.hasPrefix "bluesky-ozone") (lib.attrNames ozoneUnits);
      api = lib.getAttrs ["OZONE_PORT" "OZONE_PUBLIC_URL" "OZONE_SERVER_DID" "OZONE_APPVIEW_URL" "OZONE_APPVIEW_DID" "OZONE_PDS_URL" "OZONE_DB_POSTGRES_URL" "OZONE_DB_MIGRATE" "OZONE_MODERATOR_DIDS" "ATPKGS_LISTEN_ADDRESS"] ozoneUnits.bluesky-ozone.environment;
      # The API migrates; the daemon starts after it.
      daemonMigrates = ozoneUnits.bluesky-ozone-daemon.environment ? OZONE_DB_MIGRATE;
      daemonAfterApi = builtins.elem "bluesky-ozone.service" ozoneUnits.bluesky-ozone-daemon.after;
      credentials = ozoneUnits.bluesky-ozone-daemon.serviceConfig.LoadCredential;
      exports = exported ozoneUnits.bluesky-ozone.script;
      # The password is made once, into the secrets unit's own state directory.
      made = lib.filter (lib.hasInfix "||") (lines ozoneUnits.bluesky-ozone-secrets.script);
      secretsDirectory = ozoneUnits.bluesky-ozone-secrets.serviceConfig.StateDirectory;
    };
    expected = {
      units = ["bluesky-ozone" "bluesky-ozone-daemon" "bluesky-ozone-secrets"];
      api = {
        OZONE_PORT = "2587";
        OZONE_PUBLIC_URL = "https://ozone.example.test";
        OZONE_SERVER_DID = "did:plc:abcdefghijklmnopqrstuvwx";
        OZONE_APPVIEW_URL = "https://api.bsky.app";
        OZONE_APPVIEW_DID = "did:web:api.bsky.app";
        OZONE_PDS_URL = "https://pds.example.test";
        OZONE_DB_POSTGRES_URL = "postgresql:///bluesky-ozone?host=/run/postgresql&user=bluesky-ozone";
        OZONE_DB_MIGRATE = "1";
        OZONE_MODERATOR_DIDS = "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb";
        ATPKGS_LISTEN_ADDRESS = "127.0.0.1";
      };
      daemonMigrates = false;
      daemonAfterApi = true;
      credentials = [
        "admin-password:%S/bluesky-ozone-secrets/admin-password"
        "signing-key:/run/secrets/ozone-signing-key"
      ];
      exports = ["OZONE_ADMIN_PASSWORD" "OZONE_SIGNING_KEY_HEX"];
      made = [''[ -s "$STATE_DIRECTORY/admin-password" ] || openssl rand -hex 16 > "$STATE_DIRECTORY/admin-password"''];
      secretsDirectory = "bluesky-ozone-secrets";
    };
  };

  # Ozone and the AppView on one host: each reaches the other through discovery.
  ozoneAndAppviewTogether = {
    expr = let
      config = system [configurations.bluesky-appview configurations.bluesky-ozone];
      units = config.systemd.services;
    in {
      ozoneAppview = lib.getAttrs ["OZONE_APPVIEW_URL" "OZONE_APPVIEW_DID"] units.bluesky-ozone.environment;
      appviewModeration = units.bluesky-appview.environment.MOD_SERVICE_DID;
      ozoneAfterAppview = builtins.elem "bluesky-appview.service" units.bluesky-ozone.after;
    };
    expected = {
      ozoneAppview = {
        OZONE_APPVIEW_URL = "https://appview.example.test";
        OZONE_APPVIEW_DID = "did:web:appview.example.test";
      };
      appviewModeration = "did:plc:abcdefghijklmnopqrstuvwx";
      ozoneAfterAppview = true;
    };
  };

  ozoneWithoutDaemonOrGeneratedSecrets = {
    expr = lib.filter (lib.hasPrefix "bluesky-ozone") (lib.attrNames
      (ozone {
        services.bluesky-ozone = {
          daemon.enable = false;
          secrets.adminPasswordFile = "/run/secrets/ozone-admin";
        };
      })
      .systemd
      .services);
    expected = ["bluesky-ozone"];
  };
}
