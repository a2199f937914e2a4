# Tangled: knot, spindle and AppView packages and modules, and the deployment profiles.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  inherit (pkgs.atproto) tangled-knot tangled-spindle tangled-appview;
  servicesOf = configuration: (system [configuration]).systemd.services;
  exports = service: lib.filter (lib.hasPrefix "export ") (lib.splitString "\n" service.script);
  plain = builtins.unsafeDiscardStringContext;
in {
  packagesPinProducedVendorHashes = {
    expr = map (package: {
      inherit (package) version vendorHash CGO_ENABLED;
      inherit (package.drvAttrs) subPackages tags;
      rev = package.src.rev;
    }) [tangled-knot tangled-spindle tangled-appview];
    expected = [
      {
        version = "1.11.0-alpha";
        vendorHash = "sha256-yPLS7JCTqHvWYMp3opn3aqm7ImGQTLYK0qIOmQU9YLk=";
        CGO_ENABLED = 1;
        subPackages = ["cmd/knot"];
        tags = ["libsqlite3"];
        rev = "12ef7f8f63ee4a14a552ebed603802c79e4d72f8";
      }
      {
        version = "1.11.0-alpha";
        vendorHash = "sha256-yPLS7JCTqHvWYMp3opn3aqm7ImGQTLYK0qIOmQU9YLk=";
        CGO_ENABLED = 1;
        subPackages = ["cmd/spindle"];
        tags = ["libsqlite3"];
        rev = "12ef7f8f63ee4a14a552ebed603802c79e4d72f8";
      }
      {
        version = "1.11.0-alpha";
        vendorHash = "sha256-yPLS7JCTqHvWYMp3opn3aqm7ImGQTLYK0qIOmQU9YLk=";
        CGO_ENABLED = 1;
        subPackages = ["cmd/appview"];
        tags = ["libsqlite3"];
        rev = "12ef7f8f63ee4a14a552ebed603802c79e4d72f8";
      }
    ];
  };

  sourcesComeFromTheTangledKnot = {
    expr = map (package: package.src.url) [tangled-knot tangled-appview];
    expected = ["https://tangled.org/@tangled.org/core" "https://tangled.org/@tangled.org/core"];
  };

  tangledHostedRustPackagesUseTheProducedPins = {
    expr = map (package: {inherit (package.src) url outputHash rev;}) [pkgs.atproto.smokesignal-quickdid pkgs.atproto.baileytownsend-pds-gatekeeper];
    expected = [
      {
        url = "https://tangled.sh/@smokesignal.events/quickdid";
        outputHash = "sha256-++juhUHyHFcwfkFJCs8pTwXP3zMM7UcHb1ZSw6bCuL4=";
        rev = "eaebd066cf27ad6671a21652c5d7c66e8a2885be";
      }
      {
        url = "https://tangled.org/@baileytownsend.dev/pds-gatekeeper";
        outputHash = "sha256-JdhPDpEXzy6CovNGbIMQzzmRtuJoW5LvydpeDNFFpSs=";
        rev = "3d3b821be3a57544b67024353c43ba7f391a6ec1";
      }
    ];
  };

  knotVersionAndGit = {
    expr = {
      version = lib.elem "-X tangled.org/core/knotserver/xrpc.version=1.11.0-alpha" tangled-knot.drvAttrs.ldflags;
      git = lib.hasInfix "wrapProgram $out/bin/knot --prefix PATH : ${plain pkgs.git}/bin" (plain tangled-knot.postInstall);
    };
    expected = {
      version = true;
      git = true;
    };
  };

  appviewEmbedsItsStaticFiles = {
    expr = {
      copied = lib.hasInfix "cp -r ${plain tangled-appview.staticFiles}/. appview/pages/static/" (plain tangled-appview.preBuild);
      css = lib.hasInfix "tailwindcss-3.4.17/bin/tailwindcss -i input.css -o $out/tw.css" (plain tangled-appview.staticFiles.buildCommand);
    };
    expected = {
      copied = true;
      css = true;
    };
  };

  knotEnvironmentAndSsh = let
    config = system [configurations.tangled-knot];
    service = config.systemd.services.tangled-knot;
  in {
    expr = {
      inherit (service) environment;
      inherit (service.serviceConfig) User DynamicUser StateDirectory ExecStart;
      user = {inherit (config.users.users.git) isSystemUser home useDefaultShell group;};
      sshd = config.services.openssh.enable && lib.hasInfix "AuthorizedKeysCommand /etc/ssh/tangled-knot-keys" config.services.openssh.extraConfig;
      keys = lib.hasInfix "keys -output authorized-keys \\\n  -internal-api http://127.0.0.1:5444 -git-dir /var/lib/tangled-knot" config.environment.etc."ssh/tangled-knot-keys".text;
      keysMode = config.environment.etc."ssh/tangled-knot-keys".mode;
    };
    expected = {
      environment = {
        KNOT_SERVER_HOSTNAME = "knot.example.test";
        KNOT_SERVER_OWNER = "did:plc:qfpnj4og54vl56wngdriaxug";
        KNOT_SERVER_LISTEN_ADDR = "127.0.0.1:5555";
        KNOT_SERVER_INTERNAL_LISTEN_ADDR = "127.0.0.1:5444";
        KNOT_SERVER_DB_PATH = "%S/tangled-knot/knotserver.db";
        KNOT_SERVER_PLC_URL = "https://plc.directory";
        KNOT_SERVER_JETSTREAM_ENDPOINT = "wss://jetstream2.us-east.bsky.network/subscribe";
        KNOT_REPO_SCAN_PATH = "%S/tangled-knot";
        KNOT_REPO_MAIN_BRANCH = "main";
        APPVIEW_ENDPOINT = "https://tangled.org";
      };
      User = "git";
      DynamicUser = false;
      StateDirectory = "tangled-knot";
      ExecStart = "${plain (lib.getExe tangled-knot)} server";
      user = {
        isSystemUser = true;
        home = "/var/lib/tangled-knot";
        useDefaultShell = true;
        group = "git";
      };
      sshd = true;
      keys = true;
      keysMode = "0555";
    };
  };

  spindleEnvironmentAndDocker = let
    config = system [configurations.tangled-spindle];
    service = config.systemd.services.tangled-spindle;
  in {
    expr = {
      inherit (service) environment requires;
      inherit (service.serviceConfig) SupplementaryGroups LogsDirectory;
      docker = config.virtualisation.docker.enable;
    };
    expected = {
      environment = {
        SPINDLE_SERVER_HOSTNAME = "spindle.example.test";
        SPINDLE_SERVER_OWNER = "did:plc:qfpnj4og54vl56wngdriaxug";
        SPINDLE_SERVER_LISTEN_ADDR = "127.0.0.1:6555";
        SPINDLE_SERVER_DB_PATH = "%S/tangled-spindle/spindle.db";
        SPINDLE_SERVER_LOG_DIR = "%L/tangled-spindle";
        SPINDLE_SERVER_JETSTREAM_ENDPOINT = "wss://jetstream2.us-east.bsky.network/subscribe";
        SPINDLE_SERVER_PLC_URL = "https://plc.directory";
        SPINDLE_SERVER_MAX_JOB_COUNT = "4";
        SPINDLE_SERVER_QUEUE_SIZE = "100";
        SPINDLE_SERVER_SECRETS_PROVIDER = "sqlite";
        SPINDLE_SERVER_SECRETS_OPENBAO_PROXY_ADDR = "http://127.0.0.1:8200";
        SPINDLE_SERVER_SECRETS_OPENBAO_MOUNT = "spindle";
        SPINDLE_NIXERY_PIPELINES_NIXERY = "nixery.tangled.sh";
        SPINDLE_NIXERY_PIPELINES_WORKFLOW_TIMEOUT = "5m";
      };
      requires = ["docker.service"];
      SupplementaryGroups = ["docker"];
      LogsDirectory = "tangled-spindle";
      docker = true;
    };
  };

  appviewEnvironmentSecretsAndRedis = let
    config = system [configurations.tangled-appview];
    service = config.systemd.services.tangled-appview;
  in {
    expr = {
      inherit (service) environment;
      exports = exports service;
      redis = {inherit (config.services.redis.servers.tangled-appview) enable port bind;};
    };
    expected = {
      environment = {
        TANGLED_LISTEN_ADDR = "127.0.0.1:3000";
        TANGLED_DB_PATH = "%S/tangled-appview/appview.db";
        TANGLED_APPVIEW_HOST = "https://tangled.example.test";
        TANGLED_APPVIEW_Name = "Tangled";
        TANGLED_JETSTREAM_ENDPOINT = "wss://jetstream2.us-east.bsky.network/subscribe";
        TANGLED_PLC_URL = "https://plc.directory";
        TANGLED_PDS_HOST = "https://tngl.sh";
        TANGLED_CAMO_HOST = "https://camo.tangled.sh";
        TANGLED_AVATAR_HOST = "https://avatar.tangled.sh";
        TANGLED_REDIS_ADDR = "127.0.0.1:6380";
      };
      exports = [
        ''export TANGLED_APP_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/app-password")"''
        ''export TANGLED_COOKIE_SECRET="$(< "$CREDENTIALS_DIRECTORY/cookie-secret")"''
      ];
      redis = {
        enable = true;
        port = 6380;
        bind = "127.0.0.1";
      };
    };
  };

  everyTangledEndpointFollowsTheRegistry = let
    services = servicesOf {
      imports = [configurations.tangled-knot configurations.tangled-spindle configurations.tangled-appview];
      atproto.endpoints = {
        tangledAppview = "https://forge.example.test";
        tangledNixery = "https://nixery.example.test";
        tangledPds = "https://pds.example.test";
        tangledCamo = "https://camo.example.test";
        tangledAvatar = "https://avatar.example.test";
        jetstream = "ws://127.0.0.1:6008";
        plcDirectory = "http://127.0.0.1:2582";
      };
    };
  in {
    expr = {
      inherit (services.tangled-knot.environment) APPVIEW_ENDPOINT KNOT_SERVER_JETSTREAM_ENDPOINT KNOT_SERVER_PLC_URL;
      inherit (services.tangled-spindle.environment) SPINDLE_NIXERY_PIPELINES_NIXERY SPINDLE_SERVER_JETSTREAM_ENDPOINT SPINDLE_SERVER_PLC_URL;
      inherit (services.tangled-appview.environment) TANGLED_PDS_HOST TANGLED_CAMO_HOST TANGLED_AVATAR_HOST TANGLED_JETSTREAM_ENDPOINT TANGLED_PLC_URL;
    };
    expected = {
      APPVIEW_ENDPOINT = "https://forge.example.test";
      KNOT_SERVER_JETSTREAM_ENDPOINT = "ws://127.0.0.1:6008/subscribe";
      KNOT_SERVER_PLC_URL = "http://127.0.0.1:2582";
      SPINDLE_NIXERY_PIPELINES_NIXERY = "nixery.example.test";
      SPINDLE_SERVER_JETSTREAM_ENDPOINT = "ws://127.0.0.1:6008/subscribe";
      SPINDLE_SERVER_PLC_URL = "http://127.0.0.1:2582";
      TANGLED_PDS_HOST = "https://pds.example.test";
      TANGLED_CAMO_HOST = "https://camo.example.test";
      TANGLED_AVATAR_HOST = "https://avatar.example.test";
      TANGLED_JETSTREAM_ENDPOINT = "ws://127.0.0.1:6008/subscribe";
      TANGLED_PLC_URL = "http://127.0.0.1:2582";
    };
  };

  knotProfileUsesThePublicAppview = let
    config = system [configurations.profiles-tangled-knot];
  in {
    expr = {
      appview = config.systemd.services.tangled-knot.environment.APPVIEW_ENDPOINT;
      vhost = config.services.nginx.virtualHosts ? "knot.example.test";
      ports = config.networking.firewall.allowedTCPPorts;
      acme = config.security.acme.acceptTerms;
    };
    expected = {
      appview = "https://tangled.org";
      vhost = true;
      ports = [22 5555 80 443];
      acme = true;
    };
  };

  selfHostedProfileWiresItselfTogether = let
    config = system [configurations.profiles-tangled-self-hosted];
    services = config.systemd.services;
  in {
    expr = {
      knotAppview = services.tangled-knot.environment.APPVIEW_ENDPOINT;
      appviewUrl = services.tangled-appview.environment.TANGLED_APPVIEW_HOST;
      knot = services.tangled-knot.environment.KNOT_SERVER_HOSTNAME;
      spindle = services.tangled-spindle.environment.SPINDLE_SERVER_HOSTNAME;
      vhosts = builtins.attrNames config.services.nginx.virtualHosts;
    };
    expected = {
      knotAppview = "https://code.example.test";
      appviewUrl = "https://code.example.test";
      knot = "knot.code.example.test";
      spindle = "spindle.code.example.test";
      vhosts = ["code.example.test" "knot.code.example.test" "spindle.code.example.test"];
    };
  };
}
