# rsky: one workspace build, and the modules of its services.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  services = configuration: (system [configuration]).systemd.services;
  serviceIn = name: (services configurations.${name}).${name};
  withSettings = name: settings: (services {imports = [configurations.${name} settings];}).${name};
  exports = service: lib.filter (lib.hasPrefix "export ") (lib.splitString "\n" service.script);
  members = ["pds" "relay" "feedgen" "firehose" "jetstream-subscriber" "labeler" "video" "wintermute" "space-host" "daemon"];
in {
  oneDependencyBuildForEveryService = {
    expr = lib.unique (map (name: pkgs.atproto."blacksky-rsky-${name}".cargoArtifacts.drvPath) members ++ [pkgs.atproto.blacksky-palomar-sync.cargoArtifacts.drvPath]);
    expected = [pkgs.atproto.blacksky-rsky.cargoArtifacts.drvPath];
  };

  pdsadminUsesItsGeneratedLockfile = let
    pdsadmin = pkgs.atproto.blacksky-rsky-pdsadmin.members.rsky-pdsadmin;
  in {
    expr = {
      inherit (pdsadmin) cargoExtraArgs;
      lock = baseNameOf pdsadmin.cargoLock;
      source = lib.hasSuffix "/rsky-pdsadmin" pdsadmin.src;
      mainProgram = pkgs.atproto.blacksky-rsky-pdsadmin.meta.mainProgram;
    };
    expected = {
      cargoExtraArgs = "--locked -p rsky-pdsadmin --bin pdsadmin";
      lock = "Cargo.lock";
      source = true;
      mainProgram = "pdsadmin";
    };
  };

  pdsEnvironment = {
    expr = (serviceIn "blacksky-rsky-pds").environment;
    expected = {
      ROCKET_ADDRESS = "127.0.0.1";
      ROCKET_PORT = "2583";
      PDS_HOSTNAME = "pds.example.test";
      PDS_SERVICE_DID = "did:web:pds.example.test";
      PDS_DATA_DIRECTORY = "%S/blacksky-rsky-pds";
      PDS_BLOBSTORE_DISK_LOCATION = "%S/blacksky-rsky-pds/blocks";
      PDS_DID_PLC_URL = "https://plc.directory";
      PDS_BSKY_APP_VIEW_URL = "https://api.bsky.app";
      PDS_BSKY_APP_VIEW_DID = "did:web:api.bsky.app";
      PDS_REPORT_SERVICE_URL = "https://mod.bsky.app";
      PDS_REPORT_SERVICE_DID = "did:plc:ar7c4by46qjdydhdevvrndac";
      PDS_CRAWLERS = "https://bsky.network";
      PDS_INVITE_REQUIRED = "true";
      PDS_BLOB_UPLOAD_LIMIT = "104857600";
    };
  };

  pdsSecretsAreCredentials = let
    service = serviceIn "blacksky-rsky-pds";
  in {
    expr = {
      inherit (service.serviceConfig) LoadCredential;
      exports = exports service;
    };
    expected = {
      LoadCredential = [
        "admin-password:/run/secrets/pds-admin-password"
        "jwt-key:/run/secrets/pds-jwt-key"
        "plc-rotation-key:/run/secrets/pds-plc-rotation-key"
        "repo-signing-key:/run/secrets/pds-repo-signing-key"
      ];
      exports = [
        ''export PDS_ADMIN_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/admin-password")"''
        ''export PDS_JWT_KEY_K256_PRIVATE_KEY_HEX="$(< "$CREDENTIALS_DIRECTORY/jwt-key")"''
        ''export PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX="$(< "$CREDENTIALS_DIRECTORY/plc-rotation-key")"''
        ''export PDS_REPO_SIGNING_KEY_K256_PRIVATE_KEY_HEX="$(< "$CREDENTIALS_DIRECTORY/repo-signing-key")"''
      ];
    };
  };

  pdsFollowsTheRegistry = {
    expr = let
      environment =
        (services {
          imports = [configurations.blacksky-rsky-pds];
          atproto.endpoints = {
            plcDirectory = "http://127.0.0.1:2582";
            relay = "https://relay.example.test";
            appview = "https://appview.example.test";
            appviewDid = "did:web:appview.example.test";
          };
        })
        .blacksky-rsky-pds
        .environment;
    in {inherit (environment) PDS_DID_PLC_URL PDS_CRAWLERS PDS_BSKY_APP_VIEW_URL PDS_BSKY_APP_VIEW_DID;};
    expected = {
      PDS_DID_PLC_URL = "http://127.0.0.1:2582";
      PDS_CRAWLERS = "https://relay.example.test";
      PDS_BSKY_APP_VIEW_URL = "https://appview.example.test";
      PDS_BSKY_APP_VIEW_DID = "did:web:appview.example.test";
    };
  };

  pdsS3Blobstore = let
    service = withSettings "blacksky-rsky-pds" {
      services.blacksky-rsky-pds.blobstore = {
        type = "s3";
        s3 = {
          bucket = "blobs";
          endpoint = "https://s3.example.test";
          region = "eu-central-1";
          accessKeyIdFile = "/run/secrets/s3-id";
          secretAccessKeyFile = "/run/secrets/s3-key";
        };
      };
    };
  in {
    expr = {
      environment = lib.filterAttrs (name: _: lib.hasPrefix "AWS" name || lib.hasPrefix "PDS_BLOBSTORE" name) service.environment;
      secrets = lib.filter (lib.hasInfix "AWS_") (exports service);
    };
    expected = {
      environment = {
        PDS_BLOBSTORE_S3_BUCKET = "blobs";
        AWS_ENDPOINT = "https://s3.example.test";
        AWS_REGION = "eu-central-1";
      };
      secrets = [
        ''export AWS_ACCESS_KEY_ID="$(< "$CREDENTIALS_DIRECTORY/s3-access-key-id")"''
        ''export AWS_SECRET_ACCESS_KEY="$(< "$CREDENTIALS_DIRECTORY/s3-secret-access-key")"''
      ];
    };
  };

  feedgenUsesItsLocalDatabase = let
    config = system [configurations.blacksky-rsky-feedgen];
    service = config.systemd.services.blacksky-rsky-feedgen;
    url = "postgresql:///blacksky-rsky-feedgen?host=/run/postgresql&user=blacksky-rsky-feedgen";
  in {
    expr = {
      inherit (service.environment) DATABASE_URL READ_REPLICA_URL_1 READ_REPLICA_URL_2 FEEDGEN_SERVICE_DID ROCKET_PORT;
      inherit (service.serviceConfig) User;
      migrations = lib.hasInfix "diesel migration run" service.preStart && lib.hasInfix "/share/rsky-feedgen/migrations" service.preStart;
      databases = config.services.postgresql.ensureDatabases;
    };
    expected = {
      DATABASE_URL = url;
      READ_REPLICA_URL_1 = url;
      READ_REPLICA_URL_2 = url;
      FEEDGEN_SERVICE_DID = "did:web:feeds.example.test";
      ROCKET_PORT = "8000";
      User = "blacksky-rsky-feedgen";
      migrations = true;
      databases = ["blacksky-rsky-feedgen"];
    };
  };

  feedgenRemoteDatabaseIsACredential = let
    service = withSettings "blacksky-rsky-feedgen" {services.blacksky-rsky-feedgen.database.urlFile = "/run/secrets/feedgen-db";};
  in {
    expr = {
      inUnit = service.environment ? DATABASE_URL;
      exported = map (line: lib.head (lib.splitString "=" line)) (exports service);
      migrations = service.preStart;
    };
    expected = {
      inUnit = false;
      exported = ["export RSKY_API_KEY" "export DATABASE_URL" "export READ_REPLICA_URL_1" "export READ_REPLICA_URL_2"];
      migrations = "";
    };
  };

  feedgenPackageShipsMigrations = {
    expr = lib.hasInfix "cp -r rsky-feedgen/migrations $out/share/rsky-feedgen/migrations" pkgs.atproto.blacksky-rsky-feedgen.postInstall;
    expected = true;
  };

  firehoseFeedsTheLocalFeedgen = {
    expr = (serviceIn "blacksky-rsky-firehose").environment;
    expected = {
      FEEDGEN_SUBSCRIPTION_PATH = "wss://bsky.network";
      FEEDGEN_SUBSCRIPTION_ENDPOINT = "com.atproto.sync.subscribeRepos";
      FEEDGEN_QUEUE_ENDPOINT = "http://127.0.0.1:8000";
    };
  };

  firehoseFollowsTheRelayRegistry = {
    expr =
      (services {
        imports = [configurations.blacksky-rsky-firehose];
        atproto.endpoints.relay = "http://127.0.0.1:2470";
      })
      .blacksky-rsky-firehose
      .environment
      .FEEDGEN_SUBSCRIPTION_PATH;
    expected = "ws://127.0.0.1:2470";
  };

  jetstreamSubscriberFiltersCollections = {
    expr = (serviceIn "blacksky-rsky-jetstream-subscriber").environment;
    expected = {
      JETSTREAM_SERVER_ENDPOINT = "wss://jetstream2.us-east.bsky.network";
      JETSTREAM_SUBSCRIPTION_ENDPOINT = "wss://jetstream2.us-east.bsky.network";
      FILTER_PARAM = "wantedCollections=app.bsky.feed.post&wantedCollections=app.bsky.feed.like";
      FEEDGEN_QUEUE_ENDPOINT = "http://127.0.0.1:8000";
    };
  };

  labelerEnvironmentAndPassword = let
    service = serviceIn "blacksky-rsky-labeler";
  in {
    expr = {
      inherit (service) environment;
      exports = exports service;
    };
    expected = {
      environment = {
        FEEDGEN_SUBSCRIPTION_PATH = "wss://bsky.network";
        BSKY_AGENT_URL = "https://bsky.social";
        MOD_SERVICE_DID = "did:plc:ar7c4by46qjdydhdevvrndac";
        MOD_SERVICE_EMAIL = "moderation@example.test";
        MOD_SERVICE_LABEL = "spam";
      };
      exports = [''export MOD_SERVICE_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/password")"''];
    };
  };

  relayWorksInItsStateDirectoryAfterThePlcImport = let
    all = services configurations.blacksky-rsky-relay;
    relay = all.blacksky-rsky-relay;
    import = all.blacksky-rsky-relay-plc-import;
  in {
    expr = {
      inherit (relay) environment after wants;
      relayDirectory = relay.serviceConfig.WorkingDirectory;
      sameUser = relay.serviceConfig.User == import.serviceConfig.User;
      importDirectory = import.serviceConfig.WorkingDirectory;
      importRunsCrawler = lib.hasSuffix "/share/rsky-relay/crawler.py" import.serviceConfig.ExecStart;
      inherit (import.serviceConfig) Type;
      importAtBoot = import.wantedBy;
      proxied = (system [configurations.blacksky-rsky-relay]).services.nginx.virtualHosts."relay.example.test".locations."/".proxyPass;
    };
    expected = {
      environment = {
        RELAY_DISCOVERY_UPSTREAMS = "bsky.network";
        RELAY_LENIENT_VALIDATION = "true";
        RELAY_METRICS_LISTEN = "127.0.0.1:9091";
      };
      after = ["network-online.target" "blacksky-rsky-relay-plc-import.service"];
      wants = ["network-online.target" "blacksky-rsky-relay-plc-import.service"];
      relayDirectory = "%S/blacksky-rsky-relay";
      sameUser = true;
      importDirectory = "%S/blacksky-rsky-relay";
      importRunsCrawler = true;
      Type = "exec";
      importAtBoot = ["multi-user.target"];
      proxied = "http://127.0.0.1:9000";
    };
  };

  relayDiscoveryFollowsTheRegistry = {
    expr =
      (services {
        imports = [configurations.blacksky-rsky-relay];
        atproto.endpoints.relay = "https://upstream.example.test";
      })
      .blacksky-rsky-relay
      .environment
      .RELAY_DISCOVERY_UPSTREAMS;
    expected = "upstream.example.test";
  };

  # Service discovery makes this relay the host's relay endpoint: it does not poll itself.
  relayDiscoversFromThePublicRelayWhenItIsTheEndpoint = {
    expr = let
      config = system [configurations.blacksky-rsky-relay];
    in {
      endpoint = config.atproto.endpoints.relay;
      upstreams = config.systemd.services.blacksky-rsky-relay.environment.RELAY_DISCOVERY_UPSTREAMS;
    };
    expected = {
      endpoint = "https://relay.example.test";
      upstreams = "bsky.network";
    };
  };

  videoEnvironmentDatabaseAndFfmpeg = let
    service = serviceIn "blacksky-rsky-video";
  in {
    expr = {
      inherit (service) environment;
      inherit (service.serviceConfig) User LoadCredential;
      ffmpeg = map (package: package.pname) service.path;
      exports = exports service;
    };
    expected = {
      environment = {
        VIDEO_PORT = "3500";
        VIDEO_SERVICE_DID = "did:web:video.example.test";
        VIDEO_PUBLIC_URL = "https://video.example.test";
        BUNNY_LIBRARY_ID = "12345";
        BUNNY_PULL_ZONE = "example-videos";
        CDN_TOKEN_AUTH = "true";
        SIGNING_KEY_PATH = "%d/signing-key";
        DATABASE_URL = "postgresql:///blacksky-rsky-video?host=/run/postgresql&user=blacksky-rsky-video";
      };
      User = "blacksky-rsky-video";
      LoadCredential = [
        "bunny-api-key:/run/secrets/bunny-api-key"
        "bunny-token-key:/run/secrets/bunny-token-key"
        "signing-key:/run/secrets/video-signing-key.pem"
      ];
      ffmpeg = ["ffmpeg-headless"];
      exports = [
        ''export BUNNY_API_KEY="$(< "$CREDENTIALS_DIRECTORY/bunny-api-key")"''
        ''export BUNNY_TOKEN_KEY="$(< "$CREDENTIALS_DIRECTORY/bunny-token-key")"''
      ];
    };
  };

  wintermuteIndexesTheRegistryRelay = let
    service = serviceIn "blacksky-rsky-wintermute";
  in {
    expr = {
      inherit (service) environment;
      inherit (service.serviceConfig) User WorkingDirectory StateDirectory;
    };
    expected = {
      environment = {
        RELAY_HOSTS = "bsky.network";
        LABELER_HOSTS = "";
        METRICS_PORT = "9090";
        DATABASE_URL = "postgresql:///bsky?host=/run/postgresql&user=bsky";
        INDEXER_WORKERS = "8";
      };
      User = "bsky";
      WorkingDirectory = "%S/blacksky-rsky-wintermute";
      StateDirectory = "blacksky-rsky-wintermute";
    };
  };

  wintermuteRemoteDatabaseIsACredential = let
    service = withSettings "blacksky-rsky-wintermute" {
      services.blacksky-rsky-wintermute.database.urlFile = "/run/secrets/appview-db";
    };
  in {
    expr = {
      inUnit = service.environment ? DATABASE_URL;
      exports = exports service;
    };
    expected = {
      inUnit = false;
      exports = [''export DATABASE_URL="$(< "$CREDENTIALS_DIRECTORY/database-url")"''];
    };
  };

  spaceHostEnvironment = let
    service = serviceIn "blacksky-rsky-space-host";
  in {
    expr = {
      inherit (service) environment;
      inherit (service.serviceConfig) KillSignal;
      exports = exports service;
    };
    expected = {
      environment = {
        SPACEHOST_AUTHORITY_DID = "did:web:space.example.test";
        SPACEHOST_PUBLIC_URL = "https://space.example.test";
        SPACEHOST_POLICY = "member-list";
        SPACEHOST_MEMBERS = "did:plc:z72i7hdynmk6r22z27h6tvur";
        SPACEHOST_PLC_URL = "https://plc.directory";
        SPACEHOST_BIND = "127.0.0.1:3600";
        SPACEHOST_DB_PATH = "%S/blacksky-rsky-space-host/space_host.db";
      };
      KillSignal = "SIGINT";
      exports = [''export SPACEHOST_SIGNING_KEY_HEX="$(< "$CREDENTIALS_DIRECTORY/signing-key")"''];
    };
  };

  daemonEnvironment = let
    service = serviceIn "blacksky-rsky-daemon";
  in {
    expr = {
      inherit (service) environment;
      exports = exports service;
    };
    expected = {
      environment = {
        DAEMON_SPACE_URI = "at://did:web:space.example.test/space/community.blacksky.feed/main";
        DAEMON_SPACE_HOST_URL = "https://space.example.test";
        DAEMON_SERVICE_IDENTITY = "did:web:sync.example.test";
        DAEMON_PDS_URL = "https://pds.example.test";
        DAEMON_NOTIFY_BIND = "127.0.0.1:8055";
        DAEMON_INDEX_DB_PATH = "%S/blacksky-rsky-daemon/index.db";
        DAEMON_SWEEP_INTERVAL_SECS = "300";
      };
      exports = [''export DAEMON_PDS_ACCESS_TOKEN="$(< "$CREDENTIALS_DIRECTORY/pds-access-token")"''];
    };
  };

  palomarSyncIsAScheduledJob = let
    service = serviceIn "blacksky-palomar-sync";
  in {
    expr = {
      inherit (service) startAt wantedBy;
      inherit (service.serviceConfig) Type User;
      task = lib.hasSuffix "/bin/palomar-sync followers" (lib.last (lib.filter (lib.hasPrefix "exec") (lib.splitString "\n" service.script)));
      psql = map (package: package.pname) service.path;
    };
    expected = {
      startAt = "daily";
      wantedBy = [];
      Type = "oneshot";
      User = "bsky";
      task = true;
      psql = ["postgresql"];
    };
  };
}
