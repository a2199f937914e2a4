# Ozone, the moderation service of the Bluesky network (@atproto/ozone): its API server and its
# daemon (scheduled actions, event reversal, materialized views), on PostgreSQL. The labeler's
# identity (a DID whose document names this service and its signing key) is the operator's:
# see docs/services.md. Variables: packages/ozone/src/config/{env,config,secrets}.ts at the
# pinned commit.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.bluesky-ozone;
  prefix = "services.bluesky-ozone";
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  inherit (atprotoLib.types) did hostname;
  database = common.databaseAccess cfg.database;

  # Made once into the secrets unit's state directory when no file is given; systemd loads it
  # from there as a credential of both units (LoadCredential resolves %S).
  firstStart = common.firstStartSecrets {
    inherit cfg;
    specs.adminPassword = {
      credential = "admin-password";
      generate = "openssl rand -hex 16";
    };
    fileOf = name: cfg.secrets."${name}File";
  };
  secretsUnit = "bluesky-ozone-secrets";
  generatesAdminPassword = firstStart.generated "adminPassword";
  adminPassword = firstStart.credential secretsUnit "adminPassword";

  listValue = values:
    if values == []
    then null
    else lib.concatStringsSep "," values;

  environment =
    {
      OZONE_PORT = cfg.port;
      OZONE_PUBLIC_URL =
        if cfg.hostname == null
        then null
        else "https://${cfg.hostname}";
      OZONE_SERVER_DID = cfg.serverDid;
      OZONE_DID_PLC_URL = cfg.plcDirectory;
      OZONE_APPVIEW_URL = cfg.appview.url;
      OZONE_APPVIEW_DID = cfg.appview.did;
      OZONE_PDS_URL = cfg.pds.url;
      OZONE_PDS_DID = cfg.pds.did;
      OZONE_CHAT_URL = cfg.chat.url;
      OZONE_CHAT_DID = cfg.chat.did;
      OZONE_DB_POSTGRES_URL = database.url;
      OZONE_DB_MIGRATE = 1;
      OZONE_ADMIN_DIDS = listValue cfg.adminDids;
      OZONE_MODERATOR_DIDS = listValue cfg.moderatorDids;
      OZONE_TRIAGE_DIDS = listValue cfg.triageDids;
      LOG_ENABLED = true;
    }
    // cfg.settings;

  mkUnit = {
    description,
    environment,
    program,
    after ? [],
  }:
    lib.mkMerge [
      (common.mkHardenedService {
        inherit description environment;
        documentation = ["https://github.com/bluesky-social/atproto/tree/main/packages/ozone"];
        credentials = {
          admin-password = adminPassword;
          signing-key = cfg.secrets.signingKeyFile;
        };
        after = after ++ lib.optional generatesAdminPassword "${secretsUnit}.service";
        requires = lib.optional generatesAdminPassword "${secretsUnit}.service";
        script = lib.concatStringsSep "\n" (lib.filter (line: line != "") [
          (common.credentialExports {
            OZONE_ADMIN_PASSWORD = "admin-password";
            OZONE_SIGNING_KEY_HEX = "signing-key";
          })
          (database.exports ["OZONE_DB_POSTGRES_URL"])
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

  serviceOption = common.mkServiceOptions config;

  didList = description:
    mkOption {
      type = types.listOf did;
      default = [];
      inherit description;
    };
in {
  options.services.bluesky-ozone = {
    enable = lib.mkEnableOption "Ozone, the Bluesky network's moderation service (@atproto/ozone): its API server and daemon";
    package = lib.mkPackageOption pkgs ["atproto" "bluesky-ozone"] {};

    hostname = mkOption {
      type = types.nullOr hostname;
      default = cfg.nginx.hostName;
      defaultText = lib.literalExpression "config.${prefix}.nginx.hostName";
      example = "ozone.example.com";
      description = "Public hostname of the service: its URL is `https://<hostname>` (`OZONE_PUBLIC_URL`).";
    };
    serverDid = mkOption {
      type = types.nullOr did;
      default = null;
      example = "did:plc:ar7c4by46qjdydhdevvrndac";
      description = ''
        DID of the moderation service (`OZONE_SERVER_DID`): the labeler's account, whose DID
        document names this service (`#atproto_labeler`, `https://<hostname>`) and the public
        key of `secrets.signingKeyFile` (`#atproto_label`).
      '';
    };
    host = mkOption {
      type = types.str;
      default = "127.0.0.1";
      example = "0.0.0.0";
      description = "Address the API listens on (upstream listens on every address).";
    };
    port = mkOption {
      type = types.port;
      default = 2587;
      description = "TCP port of the API (`OZONE_PORT`; upstream's default, 3000, is the PDS's here, so atpkgs takes dev-env's).";
    };

    plcDirectory = common.mkEndpointOption config {
      name = "plcDirectory";
      description = "PLC directory Ozone resolves did:plc identities with (`OZONE_DID_PLC_URL`).";
    };
    appview = serviceOption "appview" "appviewDid" "AppView Ozone reads accounts and records from and sends its decisions to (`OZONE_APPVIEW_URL`, `OZONE_APPVIEW_DID`; both required)";
    pds = serviceOption null null "PDS Ozone takes accounts and records down on (`OZONE_PDS_URL`, `OZONE_PDS_DID`; both or neither)";
    chat = serviceOption null null "chat service Ozone moderates conversations on (`OZONE_CHAT_URL`, `OZONE_CHAT_DID`; both or neither)";

    adminDids = didList "Accounts with the admin role (`OZONE_ADMIN_DIDS`); the service's own DID is one implicitly.";
    moderatorDids = didList "Accounts with the moderator role (`OZONE_MODERATOR_DIDS`).";
    triageDids = didList "Accounts with the triage role (`OZONE_TRIAGE_DIDS`).";

    database = common.mkDatabaseOptions {name = "bluesky-ozone";};

    daemon.enable =
      lib.mkEnableOption "Ozone's daemon (`bluesky-ozone-daemon`): scheduled actions, reversal of expired actions, materialized views, team profiles"
      // {default = true;};

    secrets = {
      signingKeyFile = common.mkSecretFileOption {
        description = "Hex secp256k1 private key Ozone signs its labels and service tokens with (`OZONE_SIGNING_KEY_HEX`); its public key is the `#atproto_label` key of `serverDid`'s DID document.";
        nullable = true;
      };
      adminPasswordFile = common.mkSecretFileOption {
        description = "Password of Ozone's admin authentication (HTTP basic auth as `admin`, `OZONE_ADMIN_PASSWORD`). Made on first start when unset and `generateSecrets` is on.";
        nullable = true;
      };
    };
    generateSecrets = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Whether the admin password, when not given as a file, is made once by the unit
        `bluesky-ozone-secrets` into `/var/lib/bluesky-ozone-secrets/` (readable by that unit
        only; systemd loads it as a credential of the others). The signing key is never made
        here: it must match the labeler's DID document.
      '';
    };

    settings = common.mkEnvironmentOption {
      description = "Further `OZONE_*` variables (`packages/ozone/src/config/env.ts`), over the ones the options above set.";
    };

    openFirewall = common.mkOpenFirewallOption;
    nginx = common.mkNginxOptions "Ozone's API";
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions prefix cfg {
          hostname = "Ozone's public hostname (or nginx.hostName)";
          serverDid = "the moderation service's DID";
          "secrets.signingKeyFile" = "the key Ozone signs labels with, the one in its DID document";
          "appview.url" = "the AppView Ozone reads from";
          "appview.did" = "the DID of the AppView Ozone reads from";
        }
        ++ common.mkGeneratedSecretAssertions prefix cfg {
          "secrets.adminPasswordFile" = "the admin password";
        }
        ++ [
          {
            assertion = (cfg.pds.url == null) == (cfg.pds.did == null) && (cfg.chat.url == null) == (cfg.chat.did == null);
            message = "${prefix}: a PDS or chat service needs both its url and its did (Ozone refuses one without the other)";
          }
        ];

      systemd.services = {
        bluesky-ozone-secrets = lib.mkIf generatesAdminPassword (firstStart.unit {
          description = "Secrets of Ozone, made once";
          directory = secretsUnit;
          path = [pkgs.openssl];
        });

        bluesky-ozone = mkUnit {
          description = "Ozone, the Bluesky moderation service";
          environment = environment // {ATPKGS_LISTEN_ADDRESS = cfg.host;};
          program = lib.getExe cfg.package;
        };

        # The API migrates the database at start.
        bluesky-ozone-daemon = lib.mkIf cfg.daemon.enable (lib.mkMerge [
          (mkUnit {
            description = "Daemon of Ozone, the Bluesky moderation service";
            environment = removeAttrs environment ["OZONE_DB_MIGRATE"];
            program = lib.getExe' cfg.package "bluesky-ozone-daemon";
            after = ["bluesky-ozone.service"];
          })
          {wants = ["bluesky-ozone.service"];}
        ]);
      };

      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    database.config
    (common.mkNginxConfig {
      inherit prefix cfg;
    })
    (common.mkProvider {
      unit = "bluesky-ozone";
      url = common.localUrl cfg;
      endpoints = lib.filterAttrs (_: value: value != null) {
        moderation = common.localUrl cfg;
        moderationDid = cfg.serverDid;
      };
      addresses = [(common.listenUrl cfg.host cfg.port)];
    })
    (common.mkConsumer "bluesky-ozone" [cfg.plcDirectory cfg.appview.url cfg.pds.url cfg.chat.url])
    (lib.mkIf cfg.daemon.enable (common.mkConsumer "bluesky-ozone-daemon" [cfg.plcDirectory cfg.appview.url cfg.pds.url cfg.chat.url]))
  ]);
}
