# lib/service-common.nix through the example module (tests/example-service.nix):
# options, hardening, secrets, endpoints, PostgreSQL, Redis, nginx + ACME, firewall.
{
  lib,
  system,
  nixos,
  configurations,
  atprotoLib,
  ...
}: let
  example = extra: system [configurations.example-service extra];
  config = example {};
  service = config.systemd.services.atproto-example;
  unit = (nixos.units config)."atproto-example.service";
  hasLine = line: lib.elem line (lib.splitString "\n" unit);
in {
  hardeningBaselineApplied = {
    expr = lib.filterAttrs (key: value: service.serviceConfig.${key} or null != value) atprotoLib.service.hardening;
    expected = {};
  };

  hardeningRendered = {
    expr = map hasLine ["ProtectSystem=strict" "NoNewPrivileges=true" "CapabilityBoundingSet=" "SystemCallFilter=~@privileged"];
    expected = [true true true true];
  };

  moduleSettingsExtendBaseline = {
    expr = {inherit (service.serviceConfig) User StateDirectory Restart;};
    expected = {
      User = "atproto-example";
      StateDirectory = "atproto-example";
      Restart = "on-failure";
    };
  };

  secretLoadedAsCredential = {
    expr = service.serviceConfig.LoadCredential;
    expected = ["admin-password:/run/secrets/example-admin-password"];
  };

  secretReadFromCredentialsDirectory = {
    expr = lib.hasInfix ''EXAMPLE_ADMIN_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/admin-password")"'' service.script;
    expected = true;
  };

  secretNotInEnvironment = {
    expr = lib.any (lib.hasInfix "example-admin-password") (lib.attrValues service.environment);
    expected = false;
  };

  environmentValuesAreStrings = {
    expr = {inherit (service.environment) EXAMPLE_PORT EXAMPLE_DID;};
    expected = {
      EXAMPLE_PORT = "2470";
      EXAMPLE_DID = "did:web:example.test";
    };
  };

  settingsRenderedToConfigFile = {
    expr = lib.hasSuffix "-example.json" service.environment.EXAMPLE_CONFIG;
    expected = true;
  };

  endpointDefaultsToRegistry = {
    expr = service.environment.EXAMPLE_PLC_URL;
    expected = atprotoLib.publicEndpoints.plcDirectory;
  };

  registryOverrideRetargetsServices = {
    expr = (example {atproto.endpoints.plcDirectory = "http://127.0.0.1:2582";}).systemd.services.atproto-example.environment.EXAMPLE_PLC_URL;
    expected = "http://127.0.0.1:2582";
  };

  serviceOverrideBeatsRegistry = {
    expr =
      (example {
        atproto.endpoints.plcDirectory = "http://127.0.0.1:2582";
        services.atproto-example.plcDirectory = "https://plc.example.test";
      })
      .systemd
      .services
      .atproto-example
      .environment
      .EXAMPLE_PLC_URL;
    expected = "https://plc.example.test";
  };

  postgresqlDatabaseOwnedByServiceUser = {
    expr = {
      inherit (config.services.postgresql) enable ensureDatabases;
      users = map (user: {inherit (user) name ensureDBOwnership;}) config.services.postgresql.ensureUsers;
      ordered = lib.elem "postgresql.target" service.after && lib.elem "postgresql.target" service.requires;
      url = service.environment.DATABASE_URL;
    };
    expected = {
      enable = true;
      ensureDatabases = ["atproto-example"];
      users = [
        {
          name = "atproto-example";
          ensureDBOwnership = true;
        }
      ];
      ordered = true;
      url = "postgresql:///atproto-example?host=/run/postgresql&user=atproto-example";
    };
  };

  noDatabaseWhenNotLocal = {
    expr = (example {services.atproto-example.database.createLocally = false;}).services.postgresql.enable;
    expected = false;
  };

  redisSocketOnly = {
    expr = {
      inherit (config.services.redis.servers.atproto-example) enable port;
      groups = service.serviceConfig.SupplementaryGroups;
    };
    expected = {
      enable = true;
      port = 0;
      groups = ["redis-atproto-example"];
    };
  };

  nginxProxiesWithAcme = {
    expr = let
      vhost = config.services.nginx.virtualHosts."example.test";
    in {
      inherit (vhost) forceSSL enableACME;
      inherit (vhost.locations."/") proxyPass proxyWebsockets;
      cert = config.security.acme.certs ? "example.test";
      ports = config.networking.firewall.allowedTCPPorts;
    };
    expected = {
      forceSSL = true;
      enableACME = true;
      proxyPass = "http://127.0.0.1:2470";
      proxyWebsockets = true;
      cert = true;
      ports = [80 443];
    };
  };

  firewallClosedByDefault = {
    expr = (example {services.atproto-example.nginx.enable = lib.mkForce false;}).networking.firewall.allowedTCPPorts;
    expected = [];
  };

  openFirewallOpensPort = {
    expr =
      (example {
        services.atproto-example = {
          nginx.enable = lib.mkForce false;
          openFirewall = true;
        };
      })
      .networking
      .firewall
      .allowedTCPPorts;
    expected = [2470];
  };

  disabledServiceAddsNothing = {
    expr = (system [configurations.example-service {services.atproto-example.enable = lib.mkForce false;}]).systemd.services;
    expected = {};
  };

  requiredAssertionsNameTheOption = {
    expr = atprotoLib.service.mkRequiredAssertions "services.x" {did = null;} {did = "the service DID";};
    expected = [
      {
        assertion = false;
        message = "services.x.did must be set: the service DID";
      }
    ];
  };

  generatedSecretsAreRequiredOnlyWithoutGeneration = let
    assertionsOf = generateSecrets:
      atprotoLib.service.mkGeneratedSecretAssertions "services.x" {
        inherit generateSecrets;
        keyFile = null;
      } {keyFile = "the signing key";};
  in {
    expr = map assertionsOf [true false];
    expected = [
      []
      [
        {
          assertion = false;
          message = "services.x.keyFile must be set: the signing key (or turn generateSecrets on)";
        }
      ]
    ];
  };

  firstStartSecretsAreMadeOnlyWithoutAFile = let
    secrets = atprotoLib.service.firstStartSecrets {
      cfg.generateSecrets = true;
      specs = {
        given = {
          credential = "given";
          generate = "openssl rand -hex 16";
        };
        made = {
          credential = "made";
          generate = file: "keygen ${file}";
        };
        neither.credential = "neither";
      };
      fileOf = name:
        if name == "given"
        then "/run/secrets/given"
        else null;
    };
  in {
    expr = {
      inherit (secrets) names;
      lines = secrets.makeAll "/var/lib/x";
      credentials = map (secrets.credential "x-secrets") ["given" "made" "neither"];
    };
    expected = {
      names = ["made"];
      lines = ''[ -s "/var/lib/x/made" ] || keygen "/var/lib/x/made"'';
      credentials = ["/run/secrets/given" "%S/x-secrets/made" null];
    };
  };

  credentialsSkipUnsetSecrets = {
    expr = atprotoLib.service.loadCredentials {
      a = "/run/secrets/a";
      b = null;
    };
    expected = ["a:/run/secrets/a"];
  };
}
