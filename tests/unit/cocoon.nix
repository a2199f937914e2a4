# Cocoon (haileyok-cocoon) and the standalone goat CLI (bluesky-goat): packages and module.
{
  lib,
  pkgs,
  system,
  eval,
  configurations,
  ...
}: let
  inherit (pkgs.atproto) haileyok-cocoon bluesky-goat;
  plain = builtins.unsafeDiscardStringContext;
  configWith = extra: system [configurations.haileyok-cocoon extra];
  serviceWith = extra: (configWith extra).systemd.services.haileyok-cocoon;
  service = serviceWith {};
  scriptLines = service: lib.splitString "\n" service.script;
in {
  goatIsTheStandaloneCliWithNixpkgsHashes = {
    expr = {
      inherit (bluesky-goat) version vendorHash CGO_ENABLED;
      inherit (bluesky-goat.src) outputHash;
      tag = bluesky-goat.src.rev;
      inherit (bluesky-goat.drvAttrs) subPackages;
      inherit (bluesky-goat.meta) mainProgram;
      # The same patch as nixpkgs': the vendored modules are made after it.
      versionPatched = lib.hasInfix ''--replace-fail "versioninfo.Short()" '"0.2.3"' '' bluesky-goat.postPatch;
    };
    expected = {
      version = "0.2.3";
      vendorHash = "sha256-QVnpISwYri8aL4umZWi2LJ0X13CXXK7JygaBh1Sq5PA=";
      CGO_ENABLED = 0;
      outputHash = "sha256-mI7GC0ElE+FxT7v29V/a+UZBI1d6os+HpEO5WYWxm6A=";
      tag = "refs/tags/v0.2.3";
      subPackages = [];
      mainProgram = "goat";
      versionPatched = true;
    };
  };

  indigoNoLongerClaimsGoat = {
    expr = {
      inherit (pkgs.atproto.bluesky-indigo.meta) mainProgram;
      goat = builtins.elem "cmd/goat" pkgs.atproto.bluesky-indigo.drvAttrs.subPackages;
    };
    expected = {
      mainProgram = "gosky";
      goat = false;
    };
  };

  cocoonPackageBuildsThePdsOnly = {
    expr = {
      inherit (haileyok-cocoon) version vendorHash CGO_ENABLED;
      inherit (haileyok-cocoon.src) outputHash;
      inherit (haileyok-cocoon.drvAttrs) subPackages;
      version-flag = builtins.elem "-X main.Version=0.8.4" haileyok-cocoon.drvAttrs.ldflags;
      service = haileyok-cocoon.passthru.atproto.service;
    };
    expected = {
      version = "0.8.4";
      vendorHash = "sha256-bux3OfHT8f1FVpBAZUP23vo8M6h8nPTJbi/GTUzhdc4=";
      CGO_ENABLED = 1;
      outputHash = "sha256-xXXHJcI3icsCeOeI+6L/waK3+UtjhBZosQPLoGN1TiY=";
      subPackages = ["cmd/cocoon"];
      version-flag = true;
      service = true;
    };
  };

  cocoonEnvironment = {
    expr = service.environment;
    expected = {
      COCOON_ADDR = "127.0.0.1:8080";
      COCOON_HOSTNAME = "pds.example.test";
      COCOON_DID = "did:web:pds.example.test";
      COCOON_CONTACT_EMAIL = "admin@example.test";
      COCOON_RELAYS = "https://bsky.network";
      COCOON_REQUIRE_INVITE = "true";
      COCOON_FALLBACK_PROXY = "did:web:api.bsky.app#bsky_appview";
      COCOON_LOG_LEVEL = "info";
      METRICS_LISTEN_ADDRESS = "127.0.0.1:6009";
      COCOON_SMTP_HOST = "smtp.example.test";
      COCOON_SMTP_PORT = "587";
      COCOON_SMTP_USER = "pds";
      COCOON_SMTP_EMAIL = "pds@example.test";
      COCOON_SMTP_NAME = "Example PDS";
      COCOON_S3_BACKUPS_ENABLED = "false";
      COCOON_S3_BLOBSTORE_ENABLED = "false";
      COCOON_DB_TYPE = "sqlite";
      COCOON_DB_NAME = "%S/haileyok-cocoon/cocoon.db";
    };
  };

  cocoonRunsInItsStateDirectory = {
    expr = {
      inherit (service.serviceConfig) StateDirectory StateDirectoryMode WorkingDirectory DynamicUser LoadCredential;
      command = lib.last (lib.filter (line: line != "") (scriptLines service)) == "exec ${plain (lib.getExe haileyok-cocoon)} run";
    };
    expected = {
      StateDirectory = "haileyok-cocoon";
      StateDirectoryMode = "0700";
      WorkingDirectory = "%S/haileyok-cocoon";
      DynamicUser = true;
      LoadCredential = ["smtp-password:/run/secrets/cocoon-smtp-password"];
      command = true;
    };
  };

  # Keys and secrets not given as files are made with upstream's commands on first start.
  cocoonGeneratesMissingSecretsOnce = {
    expr = map (line: builtins.elem line (scriptLines service)) [
      ''[ -s "$STATE_DIRECTORY/secrets/rotation-key" ] || ${plain (lib.getExe haileyok-cocoon)} create-rotation-key --out "$STATE_DIRECTORY/secrets/rotation-key"''
      ''export COCOON_ROTATION_KEY_PATH="$STATE_DIRECTORY/secrets/rotation-key"''
      ''[ -s "$STATE_DIRECTORY/secrets/jwk" ] || ${plain (lib.getExe haileyok-cocoon)} create-private-jwk --out "$STATE_DIRECTORY/secrets/jwk"''
      ''[ -s "$STATE_DIRECTORY/secrets/session-secret" ] || openssl rand -hex 32 > "$STATE_DIRECTORY/secrets/session-secret"''
      ''export COCOON_ADMIN_PASSWORD="$(< "$STATE_DIRECTORY/secrets/admin-password")"''
      ''export COCOON_SMTP_PASS="$(< "$CREDENTIALS_DIRECTORY/smtp-password")"''
    ];
    expected = [true true true true true true];
  };

  # Key files given are passed by path (cocoon reads them itself), secrets by value.
  cocoonTakesGivenSecretsAsCredentials = let
    given = serviceWith {
      services.haileyok-cocoon = {
        generateSecrets = false;
        adminPasswordFile = "/run/secrets/cocoon-admin-password";
        sessionSecretFile = "/run/secrets/cocoon-session-secret";
        rotationKeyFile = "/run/secrets/cocoon-rotation-key";
        jwkFile = "/run/secrets/cocoon-jwk";
      };
    };
  in {
    expr = {
      credentials = lib.sort (a: b: a < b) given.serviceConfig.LoadCredential;
      exports = lib.filter (lib.hasPrefix "export ") (scriptLines given);
      generates = lib.any (lib.hasInfix "create-") (scriptLines given);
    };
    expected = {
      credentials = [
        "admin-password:/run/secrets/cocoon-admin-password"
        "jwk:/run/secrets/cocoon-jwk"
        "rotation-key:/run/secrets/cocoon-rotation-key"
        "session-secret:/run/secrets/cocoon-session-secret"
        "smtp-password:/run/secrets/cocoon-smtp-password"
      ];
      exports = [
        ''export COCOON_ADMIN_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/admin-password")"''
        ''export COCOON_JWK_PATH="$CREDENTIALS_DIRECTORY/jwk"''
        ''export COCOON_ROTATION_KEY_PATH="$CREDENTIALS_DIRECTORY/rotation-key"''
        ''export COCOON_SESSION_SECRET="$(< "$CREDENTIALS_DIRECTORY/session-secret")"''
        ''export COCOON_SMTP_PASS="$(< "$CREDENTIALS_DIRECTORY/smtp-password")"''
      ];
      generates = false;
    };
  };

  cocoonWithLocalPostgresql = let
    config = configWith {services.haileyok-cocoon.database.type = "postgresql";};
    unit = config.systemd.services.haileyok-cocoon;
  in {
    expr = {
      inherit (unit.environment) COCOON_DB_TYPE COCOON_DATABASE_URL;
      sqlite = unit.environment ? COCOON_DB_NAME;
      inherit (unit.serviceConfig) User;
      inherit (unit) requires;
      after = builtins.elem "postgresql.target" unit.after;
      databases = config.services.postgresql.ensureDatabases;
    };
    expected = {
      COCOON_DB_TYPE = "postgres";
      COCOON_DATABASE_URL = "postgresql:///haileyok-cocoon?host=/run/postgresql&user=haileyok-cocoon";
      sqlite = false;
      User = "haileyok-cocoon";
      requires = ["postgresql.target"];
      after = true;
      databases = ["haileyok-cocoon"];
    };
  };

  cocoonWithRemotePostgresqlReadsTheUrlFromACredential = let
    unit = serviceWith {
      services.haileyok-cocoon.database = {
        type = "postgresql";
        urlFile = "/run/secrets/cocoon-database-url";
      };
    };
  in {
    expr = {
      url = unit.environment ? COCOON_DATABASE_URL;
      export = builtins.elem ''export COCOON_DATABASE_URL="$(< "$CREDENTIALS_DIRECTORY/database-url")"'' (scriptLines unit);
      credential = builtins.elem "database-url:/run/secrets/cocoon-database-url" unit.serviceConfig.LoadCredential;
      dynamic = unit.serviceConfig ? User;
    };
    expected = {
      url = false;
      export = true;
      credential = true;
      dynamic = false;
    };
  };

  cocoonFollowsTheEndpointRegistry = {
    expr =
      lib.getAttrs ["COCOON_RELAYS" "COCOON_FALLBACK_PROXY"]
      (serviceWith {
        atproto.endpoints = {
          relay = "https://relay.example.test";
          appviewDid = "did:web:appview.example.test";
        };
      })
      .environment;
    expected = {
      COCOON_RELAYS = "https://relay.example.test";
      COCOON_FALLBACK_PROXY = "did:web:appview.example.test#bsky_appview";
    };
  };

  # Upstream's metrics listener (Prometheus and pprof) binds every address unless told.
  cocoonMetricsOffByDefault = {
    expr = (serviceWith {services.haileyok-cocoon.metrics.enable = lib.mkForce false;}).environment.METRICS_LISTEN_ADDRESS;
    expected = "";
  };

  cocoonWarnsThatItsPlcDirectoryIsFixed = {
    expr = (eval [configurations.haileyok-cocoon {atproto.endpoints.plcDirectory = "http://127.0.0.1:2582";}]).warnings;
    expected = ["services.haileyok-cocoon: cocoon registers and resolves did:plc identities at https://plc.directory whatever atproto.endpoints.plcDirectory says (http://127.0.0.1:2582)."];
  };

  cocoonBehindNginx = let
    config = configWith {};
  in {
    expr = {
      hosts = builtins.attrNames config.services.nginx.virtualHosts;
      location = {
        inherit (config.services.nginx.virtualHosts."pds.example.test".locations."/") proxyPass extraConfig;
      };
    };
    expected = {
      hosts = ["pds.example.test"];
      location = {
        proxyPass = "http://127.0.0.1:8080";
        extraConfig = "client_max_body_size 100M;";
      };
    };
  };

  cocoonAdminCommandUsesGoat = let
    admin = lib.findFirst (package: (package.name or "") == "haileyok-cocoon-admin") null (configWith {}).environment.systemPackages;
    text = plain admin.text;
  in {
    expr = map (part: lib.hasInfix part text) [
      "export PDS_HOST=http://127.0.0.1:8080"
      ''PDS_ADMIN_PASSWORD="$(< /var/lib/haileyok-cocoon/secrets/admin-password)"''
      "${plain (lib.getExe bluesky-goat)} pds admin \"$@\""
    ];
    expected = [true true true];
  };
}
