# Tangled AppView: the web application of the Tangled code forge. It follows Jetstream and
# the knots' and spindles' event streams, keeps its index in SQLite and sessions in Redis.
# Its Redis listens on loopback TCP without a password: part of the AppView (the knot event
# cache) connects without one, so any local user can reach it.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.tangled-appview;
  common = atprotoLib.service;
  inherit (lib) mkOption types;

  secretFile = description:
    common.mkSecretFileOption {
      inherit description;
      nullable = true;
    };

  # Where this host's services (knots, spindles) reach the AppView (service discovery).
  url =
    if cfg.publicUrl != null
    then cfg.publicUrl
    else common.listenUrl cfg.host cfg.port;

  # Credential name -> { variable; file; } for the secrets that are set.
  secrets = lib.filterAttrs (_: secret: secret.file != null) {
    cookie-secret = {
      variable = "TANGLED_COOKIE_SECRET";
      file = cfg.cookieSecretFile;
    };
    app-password = {
      variable = "TANGLED_APP_PASSWORD";
      file = cfg.appPasswordFile;
    };
    oauth-client-secret = {
      variable = "TANGLED_OAUTH_CLIENT_SECRET";
      file = cfg.oauth.clientSecretFile;
    };
    camo-secret = {
      variable = "TANGLED_CAMO_SHARED_SECRET";
      file = cfg.camo.sharedSecretFile;
    };
    avatar-secret = {
      variable = "TANGLED_AVATAR_SHARED_SECRET";
      file = cfg.avatar.sharedSecretFile;
    };
    resend-api-key = {
      variable = "TANGLED_RESEND_API_KEY";
      file = cfg.resendApiKeyFile;
    };
    pds-admin-secret = {
      variable = "TANGLED_PDS_ADMIN_SECRET";
      file = cfg.pds.adminSecretFile;
    };
  };
in {
  options.services.tangled-appview =
    {
      enable = lib.mkEnableOption "a Tangled AppView (the forge's web application)";
      package = lib.mkPackageOption pkgs ["atproto" "tangled-appview"] {};
      publicUrl = mkOption {
        type = types.nullOr atprotoLib.types.endpoint;
        default =
          if cfg.nginx.hostName != null
          then "https://${cfg.nginx.hostName}"
          else null;
        defaultText = lib.literalExpression ''"https://''${config.services.tangled-appview.nginx.hostName}"'';
        example = "https://tangled.example.com";
        description = "URL the AppView is reached under (`TANGLED_APPVIEW_HOST`).";
      };
      name = mkOption {
        type = types.str;
        default = "Tangled";
        description = "Name the AppView shows.";
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory identities are resolved with (`TANGLED_PLC_URL`).";
      };
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance the AppView follows (`/subscribe` is appended).";
      };
      cookieSecretFile = common.mkSecretFileOption {
        description = "Secret (32 or more random characters) sessions are signed with (`TANGLED_COOKIE_SECRET`).";
      };
      appPasswordFile = secretFile "App password of the AppView's own account (`TANGLED_APP_PASSWORD`).";
      oauth = {
        clientKid = mkOption {
          type = types.nullOr types.str;
          default = null;
          description = "Key id of the OAuth client key (`TANGLED_OAUTH_CLIENT_KID`).";
        };
        clientSecretFile = secretFile "OAuth client private key (`TANGLED_OAUTH_CLIENT_SECRET`).";
      };
      pds = {
        url = common.mkEndpointOption config {
          name = "tangledPds";
          description = "PDS new accounts are created on (`TANGLED_PDS_HOST`).";
        };
        adminSecretFile = secretFile "Admin secret of that PDS (`TANGLED_PDS_ADMIN_SECRET`).";
      };
      camo = {
        url = common.mkEndpointOption config {
          name = "tangledCamo";
          description = "Image proxy external images are rewritten through (`TANGLED_CAMO_HOST`).";
        };
        sharedSecretFile = secretFile "Secret shared with the image proxy (`TANGLED_CAMO_SHARED_SECRET`).";
      };
      avatar = {
        url = common.mkEndpointOption config {
          name = "tangledAvatar";
          description = "Avatar service (`TANGLED_AVATAR_HOST`).";
        };
        sharedSecretFile = secretFile "Secret shared with the avatar service (`TANGLED_AVATAR_SHARED_SECRET`).";
      };
      resendApiKeyFile = secretFile "Resend API key for notification mail (`TANGLED_RESEND_API_KEY`).";
      redisPort = mkOption {
        type = types.port;
        default = 6380;
        description = "Loopback port of the AppView's own Redis instance (the AppView speaks TCP to Redis).";
      };
      environment = common.mkEnvironmentOption {
        description = "Further `TANGLED_*` variables (e.g. `TANGLED_KNOTSTREAM_WORKER_COUNT`, `TANGLED_RESEND_SENT_FROM`).";
      };
      environmentFiles = common.mkEnvironmentFilesOption;
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "the AppView";
    }
    // common.mkListenOptions {port = 3000;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.tangled-appview" cfg {
        publicUrl = "the URL the AppView is reached under";
      };

      services.redis.servers.tangled-appview = {
        enable = true;
        port = cfg.redisPort;
        bind = "127.0.0.1";
      };

      systemd.services.tangled-appview = common.mkHardenedService {
        description = "Tangled AppView";
        documentation = ["https://tangled.org/@tangled.org/core"];
        after = ["redis-tangled-appview.service"];
        requires = ["redis-tangled-appview.service"];
        environment =
          {
            TANGLED_LISTEN_ADDR = common.socketAddress cfg.host cfg.port;
            TANGLED_DB_PATH = "%S/tangled-appview/appview.db";
            TANGLED_APPVIEW_HOST = cfg.publicUrl;
            TANGLED_APPVIEW_Name = cfg.name;
            TANGLED_JETSTREAM_ENDPOINT = "${cfg.jetstream}/subscribe";
            TANGLED_PLC_URL = cfg.plcDirectory;
            TANGLED_PDS_HOST = cfg.pds.url;
            TANGLED_CAMO_HOST = cfg.camo.url;
            TANGLED_AVATAR_HOST = cfg.avatar.url;
            TANGLED_OAUTH_CLIENT_KID = cfg.oauth.clientKid;
            TANGLED_REDIS_ADDR = common.socketAddress "127.0.0.1" cfg.redisPort;
          }
          // cfg.environment;
        credentials = lib.mapAttrs (_: secret: secret.file) secrets;
        script = ''
          ${common.credentialExports (lib.mapAttrs' (name: secret: lib.nameValuePair secret.variable name) secrets)}
          exec ${lib.getExe cfg.package}
        '';
        serviceConfig = {
          StateDirectory = "tangled-appview";
          EnvironmentFile = cfg.environmentFiles;
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkProvider {
      unit = "tangled-appview";
      inherit url;
      endpoints.tangledAppview = url;
      addresses = [(common.listenUrl cfg.host cfg.port)];
    })
    (common.mkConsumer "tangled-appview" [cfg.plcDirectory cfg.jetstream cfg.pds.url cfg.camo.url cfg.avatar.url])
    (common.mkNginxConfig {
      prefix = "services.tangled-appview";
      inherit cfg;
    })
  ]);
}
