# The official ATproto PDS (bluesky-social/pds, @atproto/pds). It keeps accounts, repositories
# and the event log in SQLite files under its state directory, and blobs there or in S3;
# configuration is `PDS_*` environment variables (docs/services.md compares this module with
# nixpkgs' services.bluesky-pds).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.atproto-pds;
  prefix = "services.atproto-pds";
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  inherit (atprotoLib.types) did endpoint hostname;

  # In unit settings, systemd puts the state directory (StateDirectory) in place of %S.
  stateDirectory = "%S/atproto-pds";

  # Secrets: option name -> its credential, the variable the PDS reads and, for those the PDS
  # can do with a random value, how to make one on first start.
  secretSpecs = {
    jwtSecret = {
      credential = "jwt-secret";
      variable = "PDS_JWT_SECRET";
      description = "Secret signing the PDS's session tokens";
      generate = "openssl rand -hex 16";
    };
    adminPassword = {
      credential = "admin-password";
      variable = "PDS_ADMIN_PASSWORD";
      description = "Password of the admin API (HTTP basic auth as `admin`), which atproto-pds-admin uses";
      generate = "openssl rand -hex 16";
    };
    plcRotationKey = {
      credential = "plc-rotation-key";
      variable = "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX";
      description = "Hex secp256k1 private key the PDS signs its accounts' did:plc operations with";
      generate = common.secp256k1HexKeyCommand;
    };
    dpopSecret = {
      credential = "dpop-secret";
      variable = "PDS_DPOP_SECRET";
      description = "64 hex digits keying OAuth DPoP nonces (without one they do not survive a restart)";
      generate = "openssl rand -hex 32";
    };
    emailSmtpUrl = {
      credential = "email-smtp-url";
      variable = "PDS_EMAIL_SMTP_URL";
      description = "SMTP URL account mail is sent through (`smtps://user:password@host`)";
    };
    moderationEmailSmtpUrl = {
      credential = "moderation-email-smtp-url";
      variable = "PDS_MODERATION_EMAIL_SMTP_URL";
      description = "SMTP URL moderation mail is sent through";
    };
    s3AccessKeyId = {
      credential = "s3-access-key-id";
      variable = "PDS_BLOBSTORE_S3_ACCESS_KEY_ID";
      description = "S3 access key id of the blob store";
    };
    s3SecretAccessKey = {
      credential = "s3-secret-access-key";
      variable = "PDS_BLOBSTORE_S3_SECRET_ACCESS_KEY";
      description = "S3 secret access key of the blob store";
    };
    redisPassword = {
      credential = "redis-password";
      variable = "PDS_REDIS_SCRATCH_PASSWORD";
      description = "Password of the Redis server in `settings.PDS_REDIS_SCRATCH_ADDRESS`";
    };
    rateLimitBypassKey = {
      credential = "rate-limit-bypass-key";
      variable = "PDS_RATE_LIMIT_BYPASS_KEY";
      description = "Key whose requests (`x-ratelimit-bypass` header) skip rate limits";
    };
  };

  fileOf = name: cfg.secrets."${name}File";
  firstStart = common.firstStartSecrets {
    inherit cfg fileOf;
    specs = secretSpecs;
  };

  # Lists are split at commas, spaces included.
  listValue = values:
    if values == []
    then null
    else lib.concatStringsSep "," values;

  blobstoreSettings =
    if cfg.blobstore.type == "disk"
    then {PDS_BLOBSTORE_DISK_LOCATION = "${stateDirectory}/blocks";}
    else {
      PDS_BLOBSTORE_S3_BUCKET = cfg.blobstore.s3.bucket;
      PDS_BLOBSTORE_S3_REGION = cfg.blobstore.s3.region;
      PDS_BLOBSTORE_S3_ENDPOINT = cfg.blobstore.s3.endpoint;
      PDS_BLOBSTORE_S3_FORCE_PATH_STYLE = cfg.blobstore.s3.forcePathStyle;
    };

  # The PDS listens on every address; this preload binds it to `listenAddress`.
  listenShim = ./pds-listen.cjs;

  environment =
    {
      PDS_HOSTNAME = cfg.hostname;
      PDS_PORT = cfg.port;
      PDS_SERVICE_DID = cfg.serviceDid;
      PDS_SERVICE_HANDLE_DOMAINS = listValue cfg.handleDomains;
      PDS_DATA_DIRECTORY = stateDirectory;
      PDS_DID_PLC_URL = cfg.plcDirectory;
      PDS_BSKY_APP_VIEW_URL = cfg.appview.url;
      PDS_BSKY_APP_VIEW_DID = cfg.appview.did;
      PDS_REPORT_SERVICE_URL = cfg.reportService.url;
      PDS_REPORT_SERVICE_DID = cfg.reportService.did;
      PDS_CRAWLERS = listValue cfg.crawlers;
      PDS_INVITE_REQUIRED = cfg.inviteRequired;
      PDS_RATE_LIMITS_ENABLED = cfg.rateLimits;
      PDS_BLOB_UPLOAD_LIMIT = cfg.blobUploadLimit;
      PDS_EMAIL_FROM_ADDRESS = cfg.email.fromAddress;
      PDS_MODERATION_EMAIL_ADDRESS = cfg.email.moderationAddress;
      PDS_CONTACT_EMAIL_ADDRESS = cfg.email.contactAddress;
      LOG_ENABLED = true;
      NODE_OPTIONS = "--require=${listenShim}";
      ATPKGS_PDS_LISTEN_ADDRESS = cfg.listenAddress;
    }
    // blobstoreSettings
    // cfg.settings;

  # Where the admin command reaches the PDS: a wildcard address is reached on loopback.
  localUrl = let
    host =
      if builtins.elem cfg.listenAddress ["0.0.0.0" "::"]
      then "127.0.0.1"
      else cfg.listenAddress;
  in "http://${common.socketAddress host cfg.port}";

  # Where this host's services reach the PDS (service discovery).
  url =
    if cfg.nginx.enable && cfg.hostname != null
    then "https://${cfg.hostname}"
    else localUrl;

  adminEnvironment = {
    ATPROTO_PDS_URL = localUrl;
    ATPROTO_PDS_ADMIN_PASSWORD_FILE =
      if cfg.secrets.adminPasswordFile != null
      then cfg.secrets.adminPasswordFile
      # atpkgs-lint: allow(state-directory): the admin command runs outside the unit, where %S is not resolved
      else "/var/lib/atproto-pds/secrets/${secretSpecs.adminPassword.credential}";
    ATPROTO_PDS_HOSTNAME = cfg.hostname;
    ATPROTO_PDS_CRAWLERS = lib.concatStringsSep "," cfg.crawlers;
  };

  admin = pkgs.writeShellScriptBin "atproto-pds-admin" ''
    ${lib.toShellVars adminEnvironment}
    export ${lib.concatStringsSep " " (lib.attrNames adminEnvironment)}
    exec ${lib.getExe cfg.admin.package} "$@"
  '';

  serviceOption = common.mkServiceOptions config;

  nullableString = description:
    mkOption {
      type = types.nullOr types.str;
      default = null;
      inherit description;
    };
in {
  options.services.atproto-pds = {
    enable = lib.mkEnableOption "the official ATproto personal data server (@atproto/pds)";
    package = lib.mkPackageOption pkgs ["atproto" "atproto-pds"] {
      extraDescription = "nixpkgs' `pkgs.bluesky-pds` works too.";
    };

    hostname = mkOption {
      type = types.nullOr hostname;
      default = null;
      example = "pds.example.com";
      description = "Public hostname of the PDS (`PDS_HOSTNAME`): its URL is `https://<hostname>`.";
    };
    serviceDid = common.mkDidWebOption {
      inherit prefix cfg;
      description = "DID of the PDS (`PDS_SERVICE_DID`).";
    };
    handleDomains = mkOption {
      type = types.listOf (types.strMatching "\\..+");
      default = lib.optional (cfg.hostname != null) ".${cfg.hostname}";
      defaultText = lib.literalExpression ''[ ".''${config.services.atproto-pds.hostname}" ]'';
      example = [".example.com"];
      description = "Domains the PDS gives handles under, each starting with a dot (`PDS_SERVICE_HANDLE_DOMAINS`).";
    };
    listenAddress = mkOption {
      type = types.str;
      default = "127.0.0.1";
      example = "0.0.0.0";
      description = "Address the PDS listens on (upstream listens on every address; nginx reaches it on loopback).";
    };
    port = mkOption {
      type = types.port;
      default = 3000;
      description = "TCP port the PDS listens on (`PDS_PORT`).";
    };

    plcDirectory = common.mkEndpointOption config {
      name = "plcDirectory";
      description = "PLC directory the PDS registers and resolves did:plc identities with (`PDS_DID_PLC_URL`).";
    };
    appview = serviceOption "appview" "appviewDid" "AppView that `app.bsky.*` calls are proxied to (`PDS_BSKY_APP_VIEW_URL`, `PDS_BSKY_APP_VIEW_DID`)";
    reportService = serviceOption "moderation" "moderationDid" "moderation service reports go to (`PDS_REPORT_SERVICE_URL`, `PDS_REPORT_SERVICE_DID`)";
    crawlers = mkOption {
      type = types.listOf endpoint;
      default = [config.atproto.endpoints.relay];
      defaultText = lib.literalExpression "[ config.atproto.endpoints.relay ]";
      description = "Relays the PDS asks to crawl it when its repositories change (`PDS_CRAWLERS`).";
    };

    inviteRequired = mkOption {
      type = types.bool;
      default = true;
      description = "Whether creating an account needs an invite code (`PDS_INVITE_REQUIRED`).";
    };
    rateLimits = mkOption {
      type = types.bool;
      default = true;
      description = "Whether requests are rate-limited (`PDS_RATE_LIMITS_ENABLED`; upstream's code default is off, its installer's on).";
    };
    blobUploadLimit = mkOption {
      type = types.ints.positive;
      default = 104857600;
      description = "Largest blob an account can upload, in bytes (`PDS_BLOB_UPLOAD_LIMIT`); nginx accepts bodies this large.";
    };

    email = {
      fromAddress = nullableString "Sender of account mail (`PDS_EMAIL_FROM_ADDRESS`); needs `secrets.emailSmtpUrlFile`.";
      moderationAddress = nullableString "Address moderation mail is sent to (`PDS_MODERATION_EMAIL_ADDRESS`); needs `secrets.moderationEmailSmtpUrlFile`.";
      contactAddress = nullableString "Contact address `describeServer` shows (`PDS_CONTACT_EMAIL_ADDRESS`).";
    };

    blobstore = {
      type = mkOption {
        type = types.enum ["disk" "s3"];
        default = "disk";
        description = "Where blobs are kept: the state directory, or an S3 bucket.";
      };
      s3 = {
        bucket = nullableString "S3 bucket of the blobs (`PDS_BLOBSTORE_S3_BUCKET`).";
        region = nullableString "S3 region (`PDS_BLOBSTORE_S3_REGION`).";
        endpoint = mkOption {
          type = types.nullOr endpoint;
          default = null;
          example = "https://s3.eu-central-1.amazonaws.com";
          description = "S3 endpoint, for services other than AWS (`PDS_BLOBSTORE_S3_ENDPOINT`).";
        };
        forcePathStyle = mkOption {
          type = types.nullOr types.bool;
          default = null;
          description = "Whether buckets are addressed by path instead of host name (`PDS_BLOBSTORE_S3_FORCE_PATH_STYLE`).";
        };
      };
    };

    secrets = common.mkSecretFileOptions secretSpecs;
    generateSecrets = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Whether the JWT secret, admin password, PLC rotation key and DPoP secret not given as
        files are made on first start and kept in `/var/lib/atproto-pds/secrets/` (readable by
        root and the service only). Back the directory up: the rotation key controls the
        accounts' DIDs.
      '';
    };

    settings = common.mkEnvironmentOption {
      description = "Further `PDS_*` variables of @atproto/pds (its `packages/pds/src/config/env.ts`), over the ones the options above set.";
    };

    admin = {
      enable = lib.mkEnableOption "`atproto-pds-admin` on PATH (accounts, invite codes, crawl requests; run as root)" // {default = true;};
      package = lib.mkPackageOption pkgs ["atproto" "atproto-pds-admin"] {};
    };

    openFirewall = common.mkOpenFirewallOption;

    nginx = {
      enable = lib.mkEnableOption "an nginx virtual host with ACME for `hostname` in front of the PDS";
      wildcardCertificate = {
        enable = lib.mkEnableOption ''
          a wildcard certificate for `*.<hostname>`, so that handles under the PDS's hostname
          verify over HTTPS; issued by DNS-01, which needs the DNS provider's API'';
        dnsProvider = mkOption {
          type = types.nullOr types.str;
          default = null;
          example = "cloudflare";
          description = "lego DNS provider of `security.acme.certs.<hostname>.dnsProvider`.";
        };
        environmentFile = common.mkSecretFileOption {
          description = "Credentials of the DNS provider, as lego's environment variables (`security.acme.certs.<hostname>.environmentFile`).";
          nullable = true;
        };
      };
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions prefix cfg {
          hostname = "the PDS's public hostname";
          serviceDid = "the PDS's DID";
        }
        ++ common.mkGeneratedSecretAssertions prefix cfg {
          "secrets.jwtSecretFile" = "the JWT secret";
          "secrets.adminPasswordFile" = "the admin password";
          "secrets.plcRotationKeyFile" = "the PLC rotation key";
        }
        ++ lib.optionals (cfg.blobstore.type == "s3") (common.mkRequiredAssertions prefix cfg {
          "blobstore.s3.bucket" = "the bucket blobs are kept in";
        })
        ++ [
          {
            assertion = (cfg.email.fromAddress == null) == (cfg.secrets.emailSmtpUrlFile == null);
            message = "${prefix}.email.fromAddress and ${prefix}.secrets.emailSmtpUrlFile must be set together (the PDS refuses one without the other)";
          }
          {
            assertion = (cfg.email.moderationAddress == null) == (cfg.secrets.moderationEmailSmtpUrlFile == null);
            message = "${prefix}.email.moderationAddress and ${prefix}.secrets.moderationEmailSmtpUrlFile must be set together";
          }
          {
            assertion = (cfg.secrets.s3AccessKeyIdFile == null) == (cfg.secrets.s3SecretAccessKeyFile == null);
            message = "${prefix}.secrets.s3AccessKeyIdFile and ${prefix}.secrets.s3SecretAccessKeyFile must be set together";
          }
          {
            assertion = (cfg.appview.url == null) == (cfg.appview.did == null) && (cfg.reportService.url == null) == (cfg.reportService.did == null);
            message = "${prefix}: an AppView or report service needs both its url and its did";
          }
          {
            assertion = cfg.nginx.wildcardCertificate.enable -> cfg.nginx.enable && cfg.nginx.wildcardCertificate.dnsProvider != null;
            message = "${prefix}.nginx.wildcardCertificate needs nginx.enable and nginx.wildcardCertificate.dnsProvider (a wildcard certificate is issued by DNS-01)";
          }
        ];

      systemd.services.atproto-pds = common.mkHardenedService {
        description = "Official ATproto personal data server";
        documentation = ["https://github.com/bluesky-social/pds"];
        inherit environment;
        credentials = lib.mapAttrs' (name: spec: lib.nameValuePair spec.credential (fileOf name)) secretSpecs;
        path = [pkgs.openssl pkgs.coreutils];
        script = ''
          umask 077
          mkdir -p "$STATE_DIRECTORY/secrets"
          ${firstStart.exports "$STATE_DIRECTORY/secrets"}
          exec ${lib.getExe cfg.package}
        '';
        serviceConfig = {
          StateDirectory = "atproto-pds";
          StateDirectoryMode = "0700";
          WorkingDirectory = "%S/atproto-pds";
          # V8 compiles JavaScript to machine code at run time.
          MemoryDenyWriteExecute = false;
          # The PDS shuts down on SIGTERM (closing its databases); give it time.
          TimeoutStopSec = 30;
        };
      };

      environment.systemPackages = lib.optional cfg.admin.enable admin;
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkProvider {
      unit = "atproto-pds";
      inherit url;
      endpoints.entryway = url;
      addresses = [localUrl];
    })
    (common.mkConsumer "atproto-pds" ([cfg.plcDirectory cfg.appview.url cfg.reportService.url] ++ cfg.crawlers))

    (lib.mkIf cfg.nginx.enable {
      services.nginx = {
        enable = true;
        recommendedProxySettings = lib.mkDefault true;
        recommendedTlsSettings = lib.mkDefault true;
        virtualHosts.${cfg.hostname} =
          {
            forceSSL = true;
            serverAliases = lib.optional cfg.nginx.wildcardCertificate.enable "*.${cfg.hostname}";
            locations."/" = {
              proxyPass = localUrl;
              proxyWebsockets = true;
              extraConfig = "client_max_body_size ${toString cfg.blobUploadLimit};";
            };
          }
          // (
            if cfg.nginx.wildcardCertificate.enable
            then {useACMEHost = cfg.hostname;}
            else {enableACME = true;}
          );
      };
      security.acme.certs = lib.mkIf cfg.nginx.wildcardCertificate.enable {
        ${cfg.hostname} = {
          extraDomainNames = ["*.${cfg.hostname}"];
          inherit (cfg.nginx.wildcardCertificate) dnsProvider environmentFile;
          group = config.services.nginx.group;
        };
      };
      networking.firewall.allowedTCPPorts = [80 443];
    })
  ]);
}
