# Cocoon: Hailey's ATproto personal data server in Go. Accounts, repositories, blobs and the
# event log live in one SQLite file under its state directory (or a PostgreSQL database),
# backups and blobs optionally in S3; configuration is `COCOON_*` environment variables
# (cmd/cocoon/main.go). nixpkgs has its own `services.cocoon`: this module is named apart.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.haileyok-cocoon;
  prefix = "services.haileyok-cocoon";
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  inherit (atprotoLib.types) endpoint hostname;

  usesPostgresql = cfg.database.type == "postgresql";
  database = common.databaseAccess cfg.database;

  cocoon = lib.getExe cfg.package;

  # Secrets: option name -> its credential, how the program receives it (a variable holding
  # the secret, or one holding the path of a key file) and, for those cocoon can do with a
  # fresh value, how to make one on first start (upstream's own commands and .env.example).
  secretSpecs = {
    adminPassword = {
      credential = "admin-password";
      variable = "COCOON_ADMIN_PASSWORD";
      description = "Password of the admin API (HTTP basic auth as `admin`), which `haileyok-cocoon-admin` uses";
      generate = "openssl rand -hex 16";
    };
    sessionSecret = {
      credential = "session-secret";
      variable = "COCOON_SESSION_SECRET";
      description = "Secret of the session cookies of the account pages";
      generate = "openssl rand -hex 32";
    };
    rotationKey = {
      credential = "rotation-key";
      variable = "COCOON_ROTATION_KEY_PATH";
      isPath = true;
      description = "The PDS's PLC rotation key: the 32 raw bytes of a secp256k1 private key, as `cocoon create-rotation-key` writes it";
      generate = file: "${cocoon} create-rotation-key --out ${file}";
    };
    jwk = {
      credential = "jwk";
      variable = "COCOON_JWK_PATH";
      isPath = true;
      description = "Private P-256 JSON Web Key signing OAuth tokens, as `cocoon create-private-jwk` writes it";
      generate = file: "${cocoon} create-private-jwk --out ${file}";
    };
    smtpPassword = {
      credential = "smtp-password";
      variable = "COCOON_SMTP_PASS";
      description = "Password of the SMTP account mail is sent with";
    };
    s3AccessKey = {
      credential = "s3-access-key";
      variable = "COCOON_S3_ACCESS_KEY";
      description = "S3 access key id of the backups and blob store";
    };
    s3SecretKey = {
      credential = "s3-secret-key";
      variable = "COCOON_S3_SECRET_KEY";
      description = "S3 secret access key of the backups and blob store";
    };
  };

  fileOf = name: cfg."${name}File";
  firstStart = common.firstStartSecrets {
    inherit cfg fileOf;
    specs = secretSpecs;
  };

  # Where the admin command reaches the PDS: a wildcard address is reached on loopback.
  localUrl = let
    host =
      if builtins.elem cfg.host ["0.0.0.0" "::"]
      then "127.0.0.1"
      else cfg.host;
  in "http://${common.socketAddress host cfg.port}";

  adminPasswordPath =
    if cfg.adminPasswordFile != null
    then cfg.adminPasswordFile
    # atpkgs-lint: allow(state-directory): the admin command runs outside the unit, where %S is not resolved
    else "/var/lib/haileyok-cocoon/secrets/${secretSpecs.adminPassword.credential}";

  admin = pkgs.writeShellScriptBin "haileyok-cocoon-admin" ''
    export PDS_HOST=${lib.escapeShellArg localUrl}
    PDS_ADMIN_PASSWORD="$(< ${lib.escapeShellArg adminPasswordPath})"
    export PDS_ADMIN_PASSWORD
    exec ${lib.getExe cfg.admin.package} pds admin "$@"
  '';

  listValue = values:
    if values == []
    then null
    else lib.concatStringsSep "," values;

  environment =
    {
      COCOON_ADDR = common.socketAddress cfg.host cfg.port;
      COCOON_HOSTNAME = cfg.hostname;
      COCOON_DID = cfg.did;
      COCOON_CONTACT_EMAIL = cfg.contactEmail;
      COCOON_RELAYS = listValue cfg.relays;
      COCOON_REQUIRE_INVITE = cfg.requireInvite;
      COCOON_FALLBACK_PROXY = cfg.fallbackProxy;
      COCOON_LOG_LEVEL = cfg.logLevel;
      # Prometheus and Go's pprof share this listener; an empty address turns it off
      # (upstream's default is 0.0.0.0:6009).
      METRICS_LISTEN_ADDRESS =
        if cfg.metrics.enable
        then common.socketAddress cfg.metrics.host cfg.metrics.port
        else "";
      COCOON_SMTP_HOST = cfg.smtp.host;
      COCOON_SMTP_PORT = cfg.smtp.port;
      COCOON_SMTP_USER = cfg.smtp.user;
      COCOON_SMTP_EMAIL = cfg.smtp.fromAddress;
      COCOON_SMTP_NAME = cfg.smtp.fromName;
      COCOON_S3_BACKUPS_ENABLED = cfg.s3.backups;
      COCOON_S3_BLOBSTORE_ENABLED = cfg.s3.blobstore;
      COCOON_S3_REGION = cfg.s3.region;
      COCOON_S3_BUCKET = cfg.s3.bucket;
      COCOON_S3_ENDPOINT = cfg.s3.endpoint;
      COCOON_S3_CDN_URL = cfg.s3.cdnUrl;
    }
    // (
      if usesPostgresql
      then {
        COCOON_DB_TYPE = "postgres";
        COCOON_DATABASE_URL = database.url;
      }
      else {
        COCOON_DB_TYPE = "sqlite";
        COCOON_DB_NAME = "%S/haileyok-cocoon/cocoon.db";
      }
    )
    // cfg.environment;

  nullableString = description:
    mkOption {
      type = types.nullOr types.str;
      default = null;
      inherit description;
    };

  smtpSettings = {
    inherit (cfg.smtp) host user fromAddress fromName;
    passwordFile = cfg.smtpPasswordFile;
  };
in {
  options.services.haileyok-cocoon =
    {
      enable = lib.mkEnableOption "Cocoon, an ATproto personal data server in Go";
      package = lib.mkPackageOption pkgs ["atproto" "haileyok-cocoon"] {
        extraDescription = "nixpkgs' `pkgs.cocoon` works too.";
      };

      hostname = mkOption {
        type = types.nullOr hostname;
        default = null;
        example = "pds.example.com";
        description = "Public hostname of the PDS (`COCOON_HOSTNAME`): its URL is `https://<hostname>`.";
      };
      did = common.mkDidWebOption {
        inherit prefix cfg;
        description = "DID of the PDS itself (`COCOON_DID`).";
      };
      contactEmail = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "admin@example.com";
        description = "Contact address `describeServer` shows (`COCOON_CONTACT_EMAIL`); cocoon refuses to start without one.";
      };
      relays = mkOption {
        type = types.listOf endpoint;
        default = [config.atproto.endpoints.relay];
        defaultText = lib.literalExpression "[ config.atproto.endpoints.relay ]";
        description = "Relays asked to crawl the PDS at start (`COCOON_RELAYS`).";
      };
      fallbackProxy = mkOption {
        type = types.nullOr (types.strMatching "did:[^#]+#.+");
        default = "${config.atproto.endpoints.appviewDid}#bsky_appview";
        defaultText = lib.literalExpression ''"''${config.atproto.endpoints.appviewDid}#bsky_appview"'';
        description = ''
          Service (`<DID>#<service id>`) that XRPC calls the PDS does not implement are proxied
          to when the request names none in its `atproto-proxy` header
          (`COCOON_FALLBACK_PROXY`); null fails such calls, as upstream does by default.
        '';
      };
      requireInvite = mkOption {
        type = types.bool;
        default = true;
        description = "Whether creating an account needs an invite code (`COCOON_REQUIRE_INVITE`); make codes with `haileyok-cocoon-admin create-invites`.";
      };
      logLevel = mkOption {
        type = types.enum ["debug" "info" "warn" "error"];
        default = "info";
        description = "Log level (`COCOON_LOG_LEVEL`).";
      };

      database =
        {
          type = mkOption {
            type = types.enum ["sqlite" "postgresql"];
            default = "sqlite";
            description = "SQLite in the state directory, or PostgreSQL (a local database, created with peer authentication, or `database.urlFile`).";
          };
        }
        // common.mkDatabaseOptions {name = "haileyok-cocoon";};

      # The `<name>File` option of every secret spec.
    }
    // common.mkSecretFileOptions secretSpecs
    // {
      generateSecrets = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Whether the admin password, session secret, rotation key and JWK not given as files
          are made on first start and kept in `/var/lib/haileyok-cocoon/secrets/` (readable by
          root and the service only). Back the directory up: the rotation key controls the
          accounts' DIDs.
        '';
      };

      smtp = {
        host = nullableString "SMTP server account mail is sent through (`COCOON_SMTP_HOST`).";
        port = mkOption {
          type = types.port;
          default = 587;
          description = "Port of the SMTP server (`COCOON_SMTP_PORT`).";
        };
        user = nullableString "SMTP account (`COCOON_SMTP_USER`).";
        fromAddress = nullableString "Sender address of account mail (`COCOON_SMTP_EMAIL`).";
        fromName = nullableString "Sender name of account mail (`COCOON_SMTP_NAME`).";
      };

      s3 = {
        backups = mkOption {
          type = types.bool;
          default = false;
          description = "Whether the SQLite database is copied to the bucket every so often (`COCOON_S3_BACKUPS_ENABLED`; not with PostgreSQL).";
        };
        blobstore = mkOption {
          type = types.bool;
          default = false;
          description = "Whether blobs are kept in the bucket instead of the database (`COCOON_S3_BLOBSTORE_ENABLED`).";
        };
        bucket = nullableString "S3 bucket (`COCOON_S3_BUCKET`).";
        region = nullableString "S3 region (`COCOON_S3_REGION`).";
        endpoint = mkOption {
          type = types.nullOr endpoint;
          default = null;
          example = "https://s3.eu-central-1.amazonaws.com";
          description = "S3 endpoint, for services other than AWS (`COCOON_S3_ENDPOINT`; buckets are then addressed by path).";
        };
        cdnUrl = mkOption {
          type = types.nullOr endpoint;
          default = null;
          example = "https://cdn.example.com";
          description = "Public URL of the bucket: `getBlob` redirects there instead of proxying the blob (`COCOON_S3_CDN_URL`).";
        };
      };

      metrics = common.mkMetricsOptions {port = 6009;};

      environment = common.mkEnvironmentOption {
        description = "Further variables of cocoon (its `cmd/cocoon/main.go`), over the ones the options above set.";
      };

      admin = {
        enable = lib.mkEnableOption "`haileyok-cocoon-admin` on PATH: `goat pds admin` against the local PDS with its admin password (cocoon implements the invite code calls; run as root)" // {default = true;};
        package = lib.mkPackageOption pkgs ["atproto" "bluesky-goat"] {};
      };

      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "cocoon";
      maxUploadSize = mkOption {
        type = types.str;
        default = "100M";
        description = "Largest request nginx passes on (`client_max_body_size`), which bounds blob uploads and repository imports; cocoon sets no limit of its own.";
      };
    }
    // common.mkListenOptions {port = 8080;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions prefix cfg {
          hostname = "the PDS's public hostname";
          did = "the PDS's DID";
          contactEmail = "cocoon refuses to start without a contact address";
        }
        ++ common.mkGeneratedSecretAssertions prefix cfg {
          adminPasswordFile = "the admin password";
          sessionSecretFile = "the session secret";
          rotationKeyFile = "the PLC rotation key";
          jwkFile = "the OAuth JWK";
        }
        ++ lib.optionals (cfg.s3.backups || cfg.s3.blobstore) (common.mkRequiredAssertions prefix cfg {
          "s3.bucket" = "the bucket of the backups and blobs";
          s3AccessKeyFile = "the S3 access key";
          s3SecretKeyFile = "the S3 secret key";
        })
        ++ [
          {
            assertion = lib.all (value: value == null) (lib.attrValues smtpSettings) || lib.all (value: value != null) (lib.attrValues smtpSettings);
            message = "${prefix}.smtp.host, .smtp.user, .smtp.fromAddress, .smtp.fromName and ${prefix}.smtpPasswordFile must be set together: cocoon sends no mail unless all of them are";
          }
          {
            assertion = !(cfg.s3.backups && usesPostgresql);
            message = "${prefix}.s3.backups copies the SQLite database only: back PostgreSQL up with its own tools";
          }
        ];

      # The PLC directory is written into cocoon's source (plc/client.go, identity/identity.go).
      warnings = lib.optional (config.atproto.endpoints.plcDirectory != atprotoLib.publicEndpoints.plcDirectory) "${prefix}: cocoon registers and resolves did:plc identities at ${atprotoLib.publicEndpoints.plcDirectory} whatever atproto.endpoints.plcDirectory says (${config.atproto.endpoints.plcDirectory}).";

      services.haileyok-cocoon.nginx.hostName = lib.mkDefault cfg.hostname;

      systemd.services.haileyok-cocoon = lib.mkMerge [
        (common.mkHardenedService {
          description = "Cocoon ATproto personal data server";
          documentation = ["https://github.com/haileyok/cocoon"];
          inherit environment;
          credentials = lib.mapAttrs' (name: spec: lib.nameValuePair spec.credential (fileOf name)) secretSpecs;
          path = [pkgs.openssl pkgs.coreutils];
          script = ''
            umask 077
            mkdir -p "$STATE_DIRECTORY/secrets"
            ${firstStart.exports "$STATE_DIRECTORY/secrets"}
            ${database.exports ["COCOON_DATABASE_URL"]}
            exec ${cocoon} run
          '';
          serviceConfig = {
            StateDirectory = "haileyok-cocoon";
            StateDirectoryMode = "0700";
            # It keeps its OAuth nonce secret and the time of the last backup in the working
            # directory.
            WorkingDirectory = "%S/haileyok-cocoon";
          };
        })
        (lib.mkIf usesPostgresql database.unit)
      ];

      environment.systemPackages = lib.optional cfg.admin.enable admin;
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (lib.mkIf usesPostgresql database.config)
    (common.mkProvider {
      unit = "haileyok-cocoon";
      url = common.localUrl cfg;
      endpoints.entryway = common.localUrl cfg;
      addresses = [localUrl];
    })
    (common.mkConsumer "haileyok-cocoon" cfg.relays)
    (common.mkNginxConfig {
      inherit prefix cfg;
    })
    (lib.mkIf (cfg.nginx.enable && cfg.nginx.hostName != null) {
      services.nginx.virtualHosts.${cfg.nginx.hostName}.locations."/".extraConfig = "client_max_body_size ${cfg.maxUploadSize};";
    })
  ]);
}
