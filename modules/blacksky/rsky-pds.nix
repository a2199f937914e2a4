# rsky-pds: Blacksky's ATproto personal data server. It keeps accounts, repositories and the
# event log in SQLite files under its state directory (migrated at start) and blobs on disk
# or in S3; configuration is environment variables.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-pds;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  inherit (atprotoLib.types) did endpoint hostname;

  secretVariables =
    {
      PDS_JWT_KEY_K256_PRIVATE_KEY_HEX = "jwt-key";
      PDS_REPO_SIGNING_KEY_K256_PRIVATE_KEY_HEX = "repo-signing-key";
      PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX = "plc-rotation-key";
    }
    // lib.optionalAttrs (cfg.adminPasswordFile != null) {PDS_ADMIN_PASSWORD = "admin-password";}
    // lib.optionalAttrs (cfg.dpopSecretFile != null) {PDS_DPOP_SECRET = "dpop-secret";}
    // lib.optionalAttrs (cfg.email.mailgunApiKeyFile != null) {PDS_MAILGUN_API_KEY = "mailgun-api-key";}
    // lib.optionalAttrs (cfg.blobstore.s3.accessKeyIdFile != null) {AWS_ACCESS_KEY_ID = "s3-access-key-id";}
    // lib.optionalAttrs (cfg.blobstore.s3.secretAccessKeyFile != null) {AWS_SECRET_ACCESS_KEY = "s3-secret-access-key";};

  blobstoreEnvironment =
    if cfg.blobstore.type == "disk"
    then {PDS_BLOBSTORE_DISK_LOCATION = "%S/blacksky-rsky-pds/blocks";}
    else {
      PDS_BLOBSTORE_S3_BUCKET = cfg.blobstore.s3.bucket;
      AWS_ENDPOINT = cfg.blobstore.s3.endpoint;
      AWS_REGION = cfg.blobstore.s3.region;
    };

  environment =
    {
      ROCKET_ADDRESS = cfg.host;
      ROCKET_PORT = cfg.port;
      PDS_HOSTNAME = cfg.hostname;
      PDS_SERVICE_DID = cfg.serviceDid;
      PDS_DATA_DIRECTORY = "%S/blacksky-rsky-pds";
      PDS_DID_PLC_URL = cfg.plcDirectory;
      PDS_BSKY_APP_VIEW_URL = cfg.appview.url;
      PDS_BSKY_APP_VIEW_DID = cfg.appview.did;
      PDS_REPORT_SERVICE_URL = cfg.reportService.url;
      PDS_REPORT_SERVICE_DID = cfg.reportService.did;
      PDS_CRAWLERS = lib.concatStringsSep "," cfg.crawlers;
      PDS_INVITE_REQUIRED = cfg.inviteRequired;
      PDS_EMAIL_FROM_ADDRESS = cfg.email.fromAddress;
      PDS_EMAIL_FROM_NAME = cfg.email.fromName;
      PDS_MAILGUN_DOMAIN = cfg.email.mailgunDomain;
    }
    // blobstoreEnvironment
    // cfg.environment;

  serviceOption = name: {
    url = common.mkEndpointOption config {
      inherit name;
      description = "URL of the ${name} service.";
    };
    did = common.mkEndpointOption config {
      name = "${name}Did";
      type = did;
      description = "DID of the ${name} service.";
    };
  };

  nullableString = description:
    mkOption {
      type = types.nullOr types.str;
      default = null;
      inherit description;
    };
in {
  options.services.blacksky-rsky-pds =
    {
      enable = lib.mkEnableOption "rsky-pds, Blacksky's ATproto personal data server";
      package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-pds"] {};
      hostname = mkOption {
        type = types.nullOr hostname;
        default = null;
        example = "pds.example.com";
        description = "Public hostname of the PDS (`PDS_HOSTNAME`); handles end in `.<hostname>` by default.";
      };
      serviceDid = common.mkDidWebOption {
        inherit cfg;
        prefix = "services.blacksky-rsky-pds";
        description = "DID of the PDS (`PDS_SERVICE_DID`).";
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory the PDS registers and resolves did:plc identities with.";
      };
      appview = serviceOption "appview";
      reportService = {
        url = common.mkEndpointOption config {
          name = "moderation";
          description = "URL of the moderation service reports go to.";
        };
        did = common.mkEndpointOption config {
          name = "moderationDid";
          type = did;
          description = "DID of the moderation service reports go to.";
        };
      };
      crawlers = mkOption {
        type = types.listOf endpoint;
        default = [config.atproto.endpoints.relay];
        defaultText = lib.literalExpression "[ config.atproto.endpoints.relay ]";
        description = "Relays asked to crawl this PDS when its repositories change.";
      };
      inviteRequired = mkOption {
        type = types.bool;
        default = true;
        description = "Whether creating an account needs an invite code.";
      };
      blobstore = {
        type = mkOption {
          type = types.enum ["disk" "s3"];
          default = "disk";
          description = "Where blobs are kept: the state directory, or one S3 bucket.";
        };
        s3 = {
          bucket = nullableString "S3 bucket of the blobs.";
          endpoint = mkOption {
            type = types.nullOr endpoint;
            default = null;
            example = "https://s3.eu-central-1.amazonaws.com";
            description = "S3 endpoint (`AWS_ENDPOINT`).";
          };
          region = nullableString "S3 region (`AWS_REGION`).";
          accessKeyIdFile = common.mkSecretFileOption {
            description = "S3 access key id.";
            nullable = true;
          };
          secretAccessKeyFile = common.mkSecretFileOption {
            description = "S3 secret access key.";
            nullable = true;
          };
        };
      };
      email = {
        fromAddress = nullableString "Sender address of account mail (needed once mail is sent).";
        fromName = nullableString "Sender name of account mail.";
        mailgunDomain = nullableString "Mailgun domain mail is sent through (US region).";
        mailgunApiKeyFile = common.mkSecretFileOption {
          description = "Mailgun API key.";
          nullable = true;
        };
      };
      jwtKeyFile = common.mkSecretFileOption {
        description = "Hex secp256k1 private key signing access tokens (`PDS_JWT_KEY_K256_PRIVATE_KEY_HEX`); e.g. `openssl ecparam --name secp256k1 --genkey --noout --outform DER | tail --bytes=+8 | head --bytes=32 | xxd --plain --cols 32`.";
      };
      repoSigningKeyFile = common.mkSecretFileOption {
        description = "Hex secp256k1 private key signing repositories (`PDS_REPO_SIGNING_KEY_K256_PRIVATE_KEY_HEX`).";
      };
      plcRotationKeyFile = common.mkSecretFileOption {
        description = "Hex secp256k1 PLC rotation key (`PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX`).";
      };
      adminPasswordFile = common.mkSecretFileOption {
        description = "Admin password (`PDS_ADMIN_PASSWORD`); without it the admin API is off.";
        nullable = true;
      };
      dpopSecretFile = common.mkSecretFileOption {
        description = "32-byte hex DPoP secret (`PDS_DPOP_SECRET`); without it DPoP nonces do not survive a restart.";
        nullable = true;
      };
      environment = common.mkEnvironmentOption {
        description = "Further `PDS_*` variables (see rsky-pds's `src/config/mod.rs`), e.g. `PDS_BLOB_UPLOAD_LIMIT`.";
      };
      environmentFiles = common.mkEnvironmentFilesOption;
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "the PDS";
    }
    // common.mkListenOptions {port = 2583;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions "services.blacksky-rsky-pds" cfg {
          hostname = "the PDS's public hostname";
          serviceDid = "the PDS's DID";
        }
        ++ lib.optionals (cfg.blobstore.type == "s3") (common.mkRequiredAssertions "services.blacksky-rsky-pds" cfg {
          "blobstore.s3.bucket" = "the bucket blobs are stored in";
          "blobstore.s3.endpoint" = "the S3 endpoint";
        });

      systemd.services.blacksky-rsky-pds = common.mkHardenedService {
        description = "rsky-pds ATproto personal data server";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-pds"];
        inherit environment;
        credentials = {
          jwt-key = cfg.jwtKeyFile;
          repo-signing-key = cfg.repoSigningKeyFile;
          plc-rotation-key = cfg.plcRotationKeyFile;
          admin-password = cfg.adminPasswordFile;
          dpop-secret = cfg.dpopSecretFile;
          mailgun-api-key = cfg.email.mailgunApiKeyFile;
          s3-access-key-id = cfg.blobstore.s3.accessKeyIdFile;
          s3-secret-access-key = cfg.blobstore.s3.secretAccessKeyFile;
        };
        script = ''
          ${common.credentialExports secretVariables}
          exec ${lib.getExe cfg.package}
        '';
        serviceConfig = {
          StateDirectory = "blacksky-rsky-pds";
          # rsky-pds reads ./.env if there is one: start where none can be.
          WorkingDirectory = "%S/blacksky-rsky-pds";
          EnvironmentFile = cfg.environmentFiles;
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkProvider {
      unit = "blacksky-rsky-pds";
      url = common.localUrl cfg;
      endpoints.entryway = common.localUrl cfg;
      addresses = [(common.listenUrl cfg.host cfg.port)];
    })
    (common.mkConsumer "blacksky-rsky-pds" ([cfg.plcDirectory cfg.appview.url cfg.reportService.url] ++ cfg.crawlers))
    (common.mkNginxConfig {
      prefix = "services.blacksky-rsky-pds";
      inherit cfg;
    })
  ]);
}
