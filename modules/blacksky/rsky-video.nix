# rsky-video: video uploads for ATproto through Bunny Stream. It listens on all addresses
# (upstream ignores VIDEO_HOST), runs its own PostgreSQL migrations, needs ffmpeg, and finds
# users' PDSes through https://plc.directory (hard-coded upstream).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-video;
  common = atprotoLib.service;
  database = common.databaseAccess cfg.database;
  inherit (lib) mkOption types;

  secretVariables =
    {BUNNY_API_KEY = "bunny-api-key";}
    // lib.optionalAttrs (cfg.bunny.tokenKeyFile != null) {BUNNY_TOKEN_KEY = "bunny-token-key";};

  nullableString = description:
    mkOption {
      type = types.nullOr types.str;
      default = null;
      inherit description;
    };
in {
  options.services.blacksky-rsky-video = {
    enable = lib.mkEnableOption "rsky-video, Blacksky's ATproto video service";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-video"] {};
    port = mkOption {
      type = types.port;
      default = 3500;
      description = "TCP port the service listens on (on every address: keep the firewall closed and use nginx).";
    };
    serviceDid = mkOption {
      type = types.nullOr atprotoLib.types.did;
      default = null;
      example = "did:web:video.example.com";
      description = "DID of the video service (`VIDEO_SERVICE_DID`).";
    };
    publicUrl = mkOption {
      type = types.nullOr atprotoLib.types.endpoint;
      default = null;
      example = "https://video.example.com";
      description = "Public URL of the service (`VIDEO_PUBLIC_URL`).";
    };
    bunny = {
      libraryId = nullableString "Bunny Stream library id (`BUNNY_LIBRARY_ID`).";
      pullZone = nullableString "Bunny pull zone, without `.b-cdn.net` (`BUNNY_PULL_ZONE`).";
      apiKeyFile = common.mkSecretFileOption {description = "Bunny Stream API key (`BUNNY_API_KEY`).";};
      tokenAuthentication = mkOption {
        type = types.bool;
        default = true;
        description = "Whether CDN URLs are signed (`CDN_TOKEN_AUTH`); needs {option}`bunny.tokenKeyFile`.";
      };
      tokenKeyFile = common.mkSecretFileOption {
        description = "Bunny URL token authentication key (`BUNNY_TOKEN_KEY`).";
        nullable = true;
      };
    };
    signingKeyFile = common.mkSecretFileOption {
      description = "secp256k1 private key (PEM) signing service-auth tokens to users' PDSes (`SIGNING_KEY_PATH`); without it uploads to PDSes fail.";
      nullable = true;
    };
    # The service creates its schema; upstream connects without TLS.
    database = common.mkDatabaseOptions {name = "blacksky-rsky-video";};
    environment = common.mkEnvironmentOption {
      description = "Further variables: `MAX_VIDEO_SIZE`, `MAX_VIDEO_DURATION`, `DAILY_VIDEO_LIMIT`, `DAILY_BYTE_LIMIT`, ….";
    };
    openFirewall = common.mkOpenFirewallOption;
    nginx = common.mkNginxOptions "the video service";
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions "services.blacksky-rsky-video" cfg {
          serviceDid = "the video service's DID";
          publicUrl = "the video service's public URL";
          "bunny.libraryId" = "the Bunny Stream library";
          "bunny.pullZone" = "the Bunny pull zone";
        }
        ++ [
          {
            assertion = cfg.bunny.tokenAuthentication -> cfg.bunny.tokenKeyFile != null;
            message = "services.blacksky-rsky-video.bunny.tokenKeyFile must be set when services.blacksky-rsky-video.bunny.tokenAuthentication is true";
          }
        ];

      systemd.services.blacksky-rsky-video = lib.mkMerge [
        (common.mkHardenedService {
          description = "rsky-video ATproto video service";
          documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-video"];
          path = [pkgs.ffmpeg-headless];
          environment =
            {
              VIDEO_PORT = cfg.port;
              VIDEO_SERVICE_DID = cfg.serviceDid;
              VIDEO_PUBLIC_URL = cfg.publicUrl;
              BUNNY_LIBRARY_ID = cfg.bunny.libraryId;
              BUNNY_PULL_ZONE = cfg.bunny.pullZone;
              CDN_TOKEN_AUTH = cfg.bunny.tokenAuthentication;
              SIGNING_KEY_PATH =
                if cfg.signingKeyFile != null
                then "%d/signing-key"
                else null;
            }
            // {DATABASE_URL = database.url;}
            // cfg.environment;
          credentials = {
            bunny-api-key = cfg.bunny.apiKeyFile;
            bunny-token-key = cfg.bunny.tokenKeyFile;
            signing-key = cfg.signingKeyFile;
          };
          script = ''
            ${common.credentialExports secretVariables}
            ${database.exports ["DATABASE_URL"]}
            exec ${lib.getExe cfg.package}
          '';
        })
        database.unit
      ];
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    database.config
    (common.mkNginxConfig {
      prefix = "services.blacksky-rsky-video";
      inherit cfg;
    })
  ]);
}
