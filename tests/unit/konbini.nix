# Konbini (whyrusleeping-konbini): package and module.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  package = pkgs.atproto.whyrusleeping-konbini;
  configWith = extra: system [configurations.whyrusleeping-konbini extra];
  serviceWith = extra: (configWith extra).systemd.services.whyrusleeping-konbini;
  service = serviceWith {};
  plain = builtins.unsafeDiscardStringContext;
  # The file a JSON value is written to, as the module writes it.
  jsonFile = name: value: plain "${(pkgs.formats.json {}).generate name value}";
in {
  packageIsTheRootProgramWithoutCgo = {
    expr = {
      inherit (package) vendorHash CGO_ENABLED;
      inherit (package.src) outputHash rev;
      inherit (package.drvAttrs) subPackages;
      inherit (package.meta) mainProgram;
    };
    expected = {
      vendorHash = "sha256-sboHNGOy0P1w/LL5OwStrPP0f+kbYcent6FKXOCuX6Y=";
      CGO_ENABLED = 0;
      outputHash = "sha256-Mk31H9ucrmFBmt1clPdp/xjIw+scEIDvaxYWIvWfl4A=";
      rev = "a803489e1b7fb366164f2df2e113528b30013358";
      subPackages = [];
      mainProgram = "konbini";
    };
  };

  accountAndLocalDatabase = {
    expr = {
      inherit (service) environment requires;
      inherit (service.serviceConfig) User LoadCredential;
      password = lib.hasInfix ''export BSKY_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/password")"'' service.script;
    };
    expected = {
      environment = {
        BSKY_HANDLE = "alice.example.test";
        DATABASE_URL = "postgresql:///konbini?host=/run/postgresql&user=konbini";
      };
      requires = ["postgresql.target" "redis-whyrusleeping-konbini.service"];
      User = "konbini";
      LoadCredential = ["password:/run/secrets/konbini-app-password"];
      password = true;
    };
  };

  # The program listens on every address on fixed ports; the unit may bind only the API and
  # XRPC ports, which keeps Go's pprof listener (4445) closed.
  onlyTheTwoServicePortsMayBeBound = {
    expr = {
      inherit (service.serviceConfig) SocketBindAllow SocketBindDeny;
      firewall = (configWith {services.whyrusleeping-konbini.openFirewall = true;}).networking.firewall.allowedTCPPorts;
    };
    expected = {
      SocketBindAllow = ["tcp:4444" "tcp:4446"];
      SocketBindDeny = "any";
      firewall = [4444 4446 80 443];
    };
  };

  redisCachesIdentities = {
    expr = lib.hasSuffix "--redis-url unix:///run/redis-whyrusleeping-konbini/redis.sock\n" service.script;
    expected = true;
  };

  # `max_workers` as sync.go's SyncBackend spells it, only when set.
  syncBackendsAreWrittenAsUpstreamReadsThem = {
    expr =
      lib.hasInfix "--sync-config ${jsonFile "konbini-sync.json" {
        backends = [
          {
            type = "jetstream";
            host = "jetstream.example.test";
          }
          {
            type = "firehose";
            host = "relay.example.test";
            max_workers = 4;
          }
        ];
      }}" (plain
        (serviceWith {
          services.whyrusleeping-konbini.sync.backends = [
            {
              type = "jetstream";
              host = "jetstream.example.test";
            }
            {
              type = "firehose";
              host = "relay.example.test";
              maxWorkers = 4;
            }
          ];
        })
        .script);
    expected = true;
  };

  defaultSyncIsTheRegistrysRelay = {
    expr = lib.hasInfix "--sync-config ${jsonFile "konbini-sync.json" {
      backends = [
        {
          type = "firehose";
          host = "relay.example.test:2470";
        }
      ];
    }}" (plain (serviceWith {atproto.endpoints.relay = "https://relay.example.test:2470";}).script);
    expected = true;
  };

  didDocumentIsAnAppviewService = {
    expr = lib.hasInfix "ln -sf ${jsonFile "konbini-did.json" {
      "@context" = ["https://www.w3.org/ns/did/v1"];
      id = "did:web:appview.example.test";
      service = [
        {
          id = "#bsky_appview";
          type = "BskyAppView";
          serviceEndpoint = "https://appview.example.test";
        }
      ];
    }} " (plain service.script);
    expected = true;
  };

  didDocumentForTheNginxHost = {
    expr = {
      linked = lib.hasInfix ''-konbini-did.json "$STATE_DIRECTORY/did.json"'' service.script;
      proxied = (configWith {}).services.nginx.virtualHosts."appview.example.test".locations."/".proxyPass;
      withoutHost = lib.hasInfix "did.json" (serviceWith {services.whyrusleeping-konbini.didWeb.hostName = lib.mkForce null;}).script;
    };
    expected = {
      linked = true;
      proxied = "http://127.0.0.1:4446";
      withoutHost = false;
    };
  };
}
