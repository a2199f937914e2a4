# The Bluesky AppView (@atproto/bsky) as one host can run it: the API server, the PostgreSQL
# data plane upstream's dev-env runs (indexing the firehose of `relay`) and bsync (mutes,
# notification preferences), each its own unit, one database for all (schemas `bsky` and
# `bsync`). Variables: packages/bsky/src/config.ts, packages/bsync/src/config.ts and the data
# plane's own (pkgs/bluesky/appview/dataplane.mjs) at the pinned commit.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.bluesky-appview;
  prefix = "services.bluesky-appview";
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  inherit (atprotoLib.types) did endpoint hostname;
  database = common.databaseAccess cfg.database;

  # Secrets: option name -> its credential and, for those a random value does, how to make one.
  secretSpecs = {
    signingKey = {
      credential = "signing-key";
      description = "Hex secp256k1 private key signing the AppView's service tokens (`BSKY_SERVICE_SIGNING_KEY`); its public key belongs in the DID document of `serverDid`";
      generate = common.secp256k1HexKeyCommand;
    };
    bsyncApiKey = {
      credential = "bsync-api-key";
      description = "Key the API and the data plane present to bsync (`BSKY_BSYNC_API_KEY`, `BSYNC_API_KEYS`)";
      generate = "openssl rand -hex 32";
    };
    adminPassword = {
      credential = "admin-password";
      description = "Password of the AppView's admin authentication (HTTP basic auth as `admin`, `BSKY_ADMIN_PASSWORDS`); none: no admin access";
    };
  };

  fileOf = name: cfg.secrets."${name}File";
  firstStart = common.firstStartSecrets {
    inherit cfg fileOf;
    specs = secretSpecs;
  };

  # The unit making the secrets no file is given for, into its state directory; systemd loads
  # the files as credentials of the other units from there.
  secretsUnit = "bluesky-appview-secrets";
  credentialOf = firstStart.credential secretsUnit;
  credentials = names: lib.listToAttrs (map (name: lib.nameValuePair secretSpecs.${name}.credential (credentialOf name)) names);

  # Shell lines exporting the variables of the secrets a unit has (a missing one is left unset).
  secretExports = variables:
    common.credentialExports (lib.mapAttrs (_: name: secretSpecs.${name}.credential)
      (lib.filterAttrs (_: name: credentialOf name != null) variables));

  listValue = values:
    if values == []
    then null
    else lib.concatStringsSep "," values;

  localUrl = port: "http://127.0.0.1:${toString port}";

  # The environment the API and the data plane both read (ServerConfig.readEnv).
  appviewEnvironment =
    {
      BSKY_PORT = cfg.port;
      BSKY_PUBLIC_URL =
        if cfg.hostname == null
        then null
        else "https://${cfg.hostname}";
      BSKY_SERVER_DID = cfg.serverDid;
      BSKY_DID_PLC_URL = cfg.plcDirectory;
      BSKY_DATAPLANE_URLS = localUrl cfg.dataplane.port;
      BSKY_DATAPLANE_HTTP_VERSION = "1.1";
      BSKY_BSYNC_URL = localUrl cfg.bsync.port;
      BSKY_BSYNC_HTTP_VERSION = "1.1";
      MOD_SERVICE_DID = cfg.moderationDid;
      BSKY_LABELS_FROM_ISSUER_DIDS = listValue cfg.labelers;
      BSKY_BLOB_CACHE_LOC = "%C/bluesky-appview";
      CLUSTER_WORKER_COUNT = cfg.workers;
      LOG_ENABLED = true;
    }
    // cfg.settings;

  dataplaneEnvironment = {
    BSKY_DATAPLANE_PORT = cfg.dataplane.port;
    BSKY_DATAPLANE_DB_POSTGRES_URL = database.url;
    BSKY_DATAPLANE_DB_POSTGRES_SCHEMA = "bsky";
    BSKY_DATAPLANE_DB_POOL_SIZE = cfg.dataplane.poolSize;
    BSKY_DATAPLANE_DB_MIGRATE = true;
    BSKY_DATAPLANE_REPO_PROVIDER =
      if cfg.relay == null
      then null
      else common.websocketUrl cfg.relay;
  };

  bsyncEnvironment =
    {
      BSYNC_PORT = cfg.bsync.port;
      BSYNC_DB_POSTGRES_URL = database.url;
      BSYNC_DB_POSTGRES_SCHEMA = "bsync";
      BSYNC_DB_MIGRATE = true;
      LOG_ENABLED = true;
    }
    // cfg.bsync.settings;

  # A unit of the AppView: hardened, the data plane and bsync only on loopback, secrets as
  # credentials, the database reached as `database` says.
  mkUnit = {
    description,
    environment,
    listenAddress,
    secrets,
    exports ? "",
    program,
    after ? [],
  }:
    lib.mkMerge [
      (common.mkHardenedService {
        inherit description;
        documentation = ["https://github.com/bluesky-social/atproto/tree/main/packages/bsky"];
        environment = environment // {ATPKGS_LISTEN_ADDRESS = listenAddress;};
        credentials = credentials (lib.attrValues secrets);
        after = after ++ lib.optional (firstStart.names != []) "${secretsUnit}.service";
        requires = lib.optional (firstStart.names != []) "${secretsUnit}.service";
        script = lib.concatStringsSep "\n" (lib.filter (line: line != "") [
          (secretExports secrets)
          exports
          "exec ${program}"
        ]);
        serviceConfig = {
          # V8 compiles JavaScript to machine code at run time.
          MemoryDenyWriteExecute = false;
          TimeoutStopSec = 30;
        };
      })
      database.unit
    ];

  nullableDid = description:
    mkOption {
      type = types.nullOr did;
      default = null;
      inherit description;
    };
in {
  options.services.bluesky-appview = {
    enable = lib.mkEnableOption "the Bluesky AppView (@atproto/bsky): its API, its PostgreSQL data plane and bsync";
    package = lib.mkPackageOption pkgs ["atproto" "bluesky-appview"] {};

    hostname = mkOption {
      type = types.nullOr hostname;
      default = cfg.nginx.hostName;
      defaultText = lib.literalExpression "config.${prefix}.nginx.hostName";
      example = "appview.example.com";
      description = "Public hostname of the AppView: its URL is `https://<hostname>` (`BSKY_PUBLIC_URL`), which image links are made with.";
    };
    serverDid = common.mkDidWebOption {
      inherit prefix cfg;
      description = "DID of the AppView (`BSKY_SERVER_DID`); a `did:web` of `hostname` is served by the AppView itself at `/.well-known/did.json`, with the signing key's public key.";
    };
    host = mkOption {
      type = types.str;
      default = "127.0.0.1";
      example = "0.0.0.0";
      description = "Address the API listens on (upstream listens on every address); the data plane and bsync listen on loopback only.";
    };
    port = mkOption {
      type = types.port;
      default = 2584;
      description = "TCP port of the API (`BSKY_PORT`).";
    };
    workers = mkOption {
      type = types.nullOr types.ints.positive;
      default = null;
      description = "Number of API processes (`CLUSTER_WORKER_COUNT`, Node's cluster module); null: one.";
    };

    plcDirectory = common.mkEndpointOption config {
      name = "plcDirectory";
      description = "PLC directory the AppView resolves did:plc identities with (`BSKY_DID_PLC_URL`).";
    };
    relay = mkOption {
      type = types.nullOr endpoint;
      default = config.atproto.endpoints.relay;
      defaultText = lib.literalExpression "config.atproto.endpoints.relay";
      example = "https://pds.example.com";
      description = ''
        Relay (or single PDS) whose firehose (`com.atproto.sync.subscribeRepos`, over WebSocket)
        the data plane indexes into PostgreSQL; null indexes nothing. The data plane keeps no
        cursor: after a restart it reads the firehose from the relay's oldest retained event.
        The public relay's firehose is the whole network: see the AppView's section of
        docs/services.md for what a single host indexes.
      '';
    };
    moderationDid = common.mkEndpointOption config {
      name = "moderationDid";
      type = did;
      description = "DID of the moderation service whose service-authenticated requests the AppView accepts (`MOD_SERVICE_DID`).";
    };
    labelers = mkOption {
      type = types.listOf did;
      default = [config.atproto.endpoints.moderationDid];
      defaultText = lib.literalExpression "[ config.atproto.endpoints.moderationDid ]";
      description = "Labelers whose labels the AppView always applies (`BSKY_LABELS_FROM_ISSUER_DIDS`).";
    };

    database = common.mkDatabaseOptions {name = "bluesky-appview";};

    dataplane = {
      port = mkOption {
        type = types.port;
        default = 2586;
        description = "TCP port of the data plane on loopback (`BSKY_DATAPLANE_PORT`, `BSKY_DATAPLANE_URLS`).";
      };
      poolSize = mkOption {
        type = types.ints.positive;
        default = 10;
        description = "PostgreSQL connections of the data plane (`BSKY_DATAPLANE_DB_POOL_SIZE`).";
      };
    };

    bsync = {
      package = lib.mkPackageOption pkgs ["atproto" "bluesky-bsync"] {};
      port = mkOption {
        type = types.port;
        default = 2585;
        description = "TCP port of bsync on loopback (`BSYNC_PORT`, `BSKY_BSYNC_URL`).";
      };
      settings = common.mkEnvironmentOption {
        description = "Further `BSYNC_*` variables of bsync (its `packages/bsync/src/config.ts`), over the ones this module sets.";
      };
    };

    secrets = common.mkSecretFileOptions secretSpecs;
    generateSecrets = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Whether the signing key and the bsync API key not given as files are made once, by the
        unit `bluesky-appview-secrets`, into `/var/lib/bluesky-appview-secrets/` (readable by that unit
        only; systemd loads them as credentials of the others): back it up. The signing key's public key
        belongs in the AppView's DID document: a `did:web` of `hostname` is served by the
        AppView itself.
      '';
    };

    settings = common.mkEnvironmentOption {
      description = "Further `BSKY_*` variables of the API and the data plane (`packages/bsky/src/config.ts`), over the ones the options above set.";
    };

    openFirewall = common.mkOpenFirewallOption;
    nginx = common.mkNginxOptions "the AppView's API";
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions prefix cfg {
          hostname = "the AppView's public hostname (or nginx.hostName)";
          serverDid = "the AppView's DID";
        }
        ++ common.mkGeneratedSecretAssertions prefix cfg {
          "secrets.signingKeyFile" = "the AppView's signing key";
          "secrets.bsyncApiKeyFile" = "the key of bsync";
        }
        ++ [
          {
            assertion = lib.length (lib.unique [cfg.port cfg.dataplane.port cfg.bsync.port]) == 3;
            message = "${prefix}: port, dataplane.port and bsync.port must differ";
          }
        ];

      systemd.services = {
        bluesky-appview-secrets = lib.mkIf (firstStart.names != []) (firstStart.unit {
          description = "Secrets of the Bluesky AppView, made once";
          directory = secretsUnit;
          path = [pkgs.openssl pkgs.coreutils];
        });

        bluesky-appview-bsync = mkUnit {
          description = "bsync of the Bluesky AppView";
          environment = bsyncEnvironment;
          listenAddress = "127.0.0.1";
          secrets.BSYNC_API_KEYS = "bsyncApiKey";
          exports = database.exports ["BSYNC_DB_POSTGRES_URL"];
          program = lib.getExe cfg.bsync.package;
        };

        bluesky-appview-dataplane = mkUnit {
          description = "Data plane of the Bluesky AppView";
          environment = appviewEnvironment // dataplaneEnvironment;
          listenAddress = "127.0.0.1";
          secrets.BSKY_BSYNC_API_KEY = "bsyncApiKey";
          exports = database.exports ["BSKY_DATAPLANE_DB_POSTGRES_URL"];
          program = lib.getExe' cfg.package "bluesky-appview-dataplane";
          after = ["bluesky-appview-bsync.service"];
        };

        bluesky-appview = lib.mkMerge [
          (mkUnit {
            description = "Bluesky AppView";
            environment = appviewEnvironment;
            listenAddress = cfg.host;
            secrets = {
              BSKY_SERVICE_SIGNING_KEY = "signingKey";
              BSKY_BSYNC_API_KEY = "bsyncApiKey";
              BSKY_ADMIN_PASSWORDS = "adminPassword";
            };
            program = lib.getExe cfg.package;
            after = ["bluesky-appview-dataplane.service" "bluesky-appview-bsync.service"];
          })
          {
            wants = ["bluesky-appview-dataplane.service" "bluesky-appview-bsync.service"];
            # The image server's cache of resized blobs.
            serviceConfig.CacheDirectory = "bluesky-appview";
          }
        ];
      };

      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    database.config
    (common.mkNginxConfig {
      inherit prefix cfg;
    })
    (common.mkProvider {
      unit = "bluesky-appview";
      url = common.localUrl cfg;
      endpoints = lib.filterAttrs (_: value: value != null) {
        appview = common.localUrl cfg;
        publicAppview = common.localUrl cfg;
        appviewDid = cfg.serverDid;
      };
      addresses = [(common.listenUrl cfg.host cfg.port)];
    })
    (common.mkConsumer "bluesky-appview-dataplane" [cfg.plcDirectory cfg.relay])
    (common.mkConsumer "bluesky-appview" [cfg.plcDirectory])
  ]);
}
