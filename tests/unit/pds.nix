# services.atproto-pds and the official PDS package: what reaches the PDS (variables, secrets,
# the listen preload), the admin command, nginx, and the package's lockfile-exact build.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  evaluate = settings: system [{imports = [configurations.atproto-pds settings];}];
  service = settings: (evaluate settings).systemd.services.atproto-pds;
  base = service {};
  admin = settings: lib.findFirst (package: package.name == "atproto-pds-admin") null (evaluate settings).environment.systemPackages;
  lines = text: lib.filter (line: line != "") (lib.splitString "\n" text);
  # hasInfix on strings that name store paths (Nix 2.8 refuses to match them with context).
  contains = infix: text: lib.hasInfix (builtins.unsafeDiscardStringContext infix) (builtins.unsafeDiscardStringContext text);
in {
  # The host's endpoints reach the PDS; lists are joined with commas and no spaces; a service
  # set to null is left out.
  endpointsAndLists = {
    expr =
      lib.filterAttrs (name: _: lib.elem name ["PDS_DID_PLC_URL" "PDS_CRAWLERS" "PDS_BSKY_APP_VIEW_URL" "PDS_REPORT_SERVICE_URL" "PDS_REPORT_SERVICE_DID" "PDS_SERVICE_HANDLE_DOMAINS"])
      (service {
        atproto.endpoints.plcDirectory = "https://plc.example.test";
        services.atproto-pds = {
          crawlers = ["https://relay1.example.test" "https://relay2.example.test"];
          handleDomains = [".pds.example.test" ".example.test"];
          reportService = {
            url = null;
            did = null;
          };
        };
      })
      .environment;
    expected = {
      PDS_DID_PLC_URL = "https://plc.example.test";
      PDS_CRAWLERS = "https://relay1.example.test,https://relay2.example.test";
      PDS_BSKY_APP_VIEW_URL = "https://api.bsky.app";
      PDS_SERVICE_HANDLE_DOMAINS = ".pds.example.test,.example.test";
    };
  };

  # Better defaults than the code's: invites and rate limits on, 100 MiB blobs, logging on,
  # and the PDS on loopback only.
  defaults = {
    expr = lib.getAttrs ["PDS_INVITE_REQUIRED" "PDS_RATE_LIMITS_ENABLED" "PDS_BLOB_UPLOAD_LIMIT" "LOG_ENABLED" "PDS_PORT" "ATPKGS_PDS_LISTEN_ADDRESS" "PDS_DATA_DIRECTORY" "PDS_BLOBSTORE_DISK_LOCATION"] base.environment;
    expected = {
      PDS_INVITE_REQUIRED = "true";
      PDS_RATE_LIMITS_ENABLED = "true";
      PDS_BLOB_UPLOAD_LIMIT = "104857600";
      LOG_ENABLED = "true";
      PDS_PORT = "3000";
      ATPKGS_PDS_LISTEN_ADDRESS = "127.0.0.1";
      PDS_DATA_DIRECTORY = "%S/atproto-pds";
      PDS_BLOBSTORE_DISK_LOCATION = "%S/atproto-pds/blocks";
    };
  };

  listenPreload = {
    expr = contains "-pds-listen.cjs" base.environment.NODE_OPTIONS && lib.hasPrefix "--require=" base.environment.NODE_OPTIONS;
    expected = true;
  };

  # Given secrets are credentials; the others the PDS can use random values for are made on
  # first start; no secret is in the environment.
  secrets = {
    expr = {
      credentials = base.serviceConfig.LoadCredential;
      exports = map (line: lib.head (lib.splitString "=" line)) (lib.filter (lib.hasPrefix "export ") (lines base.script));
      generated = lib.filter (lib.hasInfix "||") (lines base.script);
      inEnvironment = lib.filter (name: lib.hasInfix "SECRET" name || lib.hasInfix "PASSWORD" name || lib.hasInfix "KEY_HEX" name) (lib.attrNames base.environment);
    };
    expected = {
      credentials = [
        "admin-password:/run/secrets/pds-admin-password"
        "email-smtp-url:/run/secrets/pds-smtp-url"
        "jwt-secret:/run/secrets/pds-jwt-secret"
        "plc-rotation-key:/run/secrets/pds-plc-rotation-key"
      ];
      exports = [
        "export PDS_ADMIN_PASSWORD"
        "export PDS_DPOP_SECRET"
        "export PDS_EMAIL_SMTP_URL"
        "export PDS_JWT_SECRET"
        "export PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX"
      ];
      generated = [''[ -s "$STATE_DIRECTORY/secrets/dpop-secret" ] || openssl rand -hex 32 > "$STATE_DIRECTORY/secrets/dpop-secret"''];
      inEnvironment = [];
    };
  };

  # With generateSecrets off, a secret without a file is not made: the PDS then refuses to start.
  noGeneratedSecrets = {
    expr = lib.filter (lib.hasInfix "||") (lines (service {services.atproto-pds.generateSecrets = false;}).script);
    expected = [];
  };

  s3Blobstore = {
    expr = let
      s3 = service {
        services.atproto-pds = {
          blobstore = {
            type = "s3";
            s3 = {
              bucket = "blobs";
              region = "eu-central-1";
              forcePathStyle = true;
            };
          };
          secrets = {
            s3AccessKeyIdFile = "/run/secrets/s3-id";
            s3SecretAccessKeyFile = "/run/secrets/s3-key";
          };
        };
      };
    in {
      environment = lib.filterAttrs (name: _: lib.hasPrefix "PDS_BLOBSTORE" name) s3.environment;
      credentials = lib.filter (lib.hasPrefix "s3-") s3.serviceConfig.LoadCredential;
    };
    expected = {
      environment = {
        PDS_BLOBSTORE_S3_BUCKET = "blobs";
        PDS_BLOBSTORE_S3_REGION = "eu-central-1";
        PDS_BLOBSTORE_S3_FORCE_PATH_STYLE = "true";
      };
      credentials = ["s3-access-key-id:/run/secrets/s3-id" "s3-secret-access-key:/run/secrets/s3-key"];
    };
  };

  # The admin command reaches the PDS on loopback with the password it was given, or the one
  # made on first start.
  adminCommand = {
    expr = map (settings: lib.filter (lib.hasPrefix "ATPROTO_PDS_") (lines (admin settings).drvAttrs.text)) [
      {}
      {
        services.atproto-pds = {
          secrets.adminPasswordFile = lib.mkForce null;
          listenAddress = "0.0.0.0";
          port = 3100;
        };
      }
    ];
    expected = [
      [
        "ATPROTO_PDS_ADMIN_PASSWORD_FILE=/run/secrets/pds-admin-password"
        "ATPROTO_PDS_CRAWLERS=https://bsky.network"
        "ATPROTO_PDS_HOSTNAME=pds.example.test"
        "ATPROTO_PDS_URL=http://127.0.0.1:3000"
      ]
      [
        "ATPROTO_PDS_ADMIN_PASSWORD_FILE=/var/lib/atproto-pds/secrets/admin-password"
        "ATPROTO_PDS_CRAWLERS=https://bsky.network"
        "ATPROTO_PDS_HOSTNAME=pds.example.test"
        "ATPROTO_PDS_URL=http://127.0.0.1:3100"
      ]
    ];
  };

  adminCommandCanBeLeftOut = {
    expr = admin {services.atproto-pds.admin.enable = false;};
    expected = null;
  };

  # nginx takes blobs as large as the PDS does; handles under the hostname get a wildcard
  # certificate by DNS-01, or the hostname alone one by HTTP-01.
  nginxWildcard = let
    config = evaluate {};
    host = config.services.nginx.virtualHosts."pds.example.test";
  in {
    expr = {
      inherit (host) serverAliases useACMEHost enableACME;
      body = host.locations."/".extraConfig;
      inherit (config.security.acme.certs."pds.example.test") extraDomainNames dnsProvider;
    };
    expected = {
      serverAliases = ["*.pds.example.test"];
      useACMEHost = "pds.example.test";
      enableACME = false;
      body = "client_max_body_size 104857600;";
      extraDomainNames = ["*.pds.example.test"];
      dnsProvider = "rfc2136";
    };
  };

  nginxHttpChallenge = let
    host = (evaluate {services.atproto-pds.nginx.wildcardCertificate.enable = lib.mkForce false;}).services.nginx.virtualHosts."pds.example.test";
  in {
    expr = [host.enableACME host.serverAliases];
    expected = [true []];
  };

  # nixpkgs' package works as well: it is what ExecStart runs.
  nixpkgsPackage = {
    expr = contains "${pkgs.bluesky-pds}/bin/pds" (service {services.atproto-pds.package = pkgs.bluesky-pds;}).script;
    expected = true;
  };

  # The package: 0.4.219 with its lockfile's 426 tarballs, pnpm 9 for pnpm 8's lockfile,
  # better-sqlite3 built against the node that runs it.
  package = let
    pds = pkgs.atproto.atproto-pds;
  in {
    expr = {
      inherit (pds) version;
      inherit (pds.meta) mainProgram;
      fetches = builtins.length pds.passthru.nodeDeps.fetches;
      pnpm = (lib.findFirst (input: (input.pname or "") == "pnpm") null pds.drvAttrs.nativeBuildInputs).version;
      lockfile = pds.passthru.nodeDeps.list.lockfile;
      sourceRoot = pds.drvAttrs.sourceRoot;
      sqlite = contains "better-sqlite3" pds.drvAttrs.buildPhase && contains "--nodedir=" pds.drvAttrs.buildPhase;
      wrapper = contains "--add-flags --enable-source-maps" pds.drvAttrs.installPhase && contains "index.js" pds.drvAttrs.installPhase;
    };
    expected = {
      version = "0.4.219";
      mainProgram = "pds";
      fetches = 426;
      pnpm = pkgs.pnpm_9.version;
      lockfile = "service/pnpm-lock.yaml";
      sourceRoot = "source/service";
      sqlite = true;
      wrapper = true;
    };
  };
}
