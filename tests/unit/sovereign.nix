# The sovereign network profile (modules/profiles/sovereign.nix): one host runs the PLC
# mirror, relay, PDS and AppView, and no `atproto.endpoints` entry is left naming the public
# network.
{
  lib,
  atprotoLib,
  system,
  eval,
  configurations,
  ...
}: let
  inherit (atprotoLib) publicEndpoints;

  # Every `atproto.endpoints` entry of a configuration that names the public network.
  publicEntries = config: builtins.attrNames (lib.filterAttrs (_: atprotoLib.namesPublicNetwork) config.atproto.endpoints);

  sovereign = configurations.profiles-sovereign;

  # What an operator writes without the endpoints run elsewhere (the AppView tests).
  minimal = {
    atproto.profiles.sovereign = {
      enable = true;
      domain = "example.test";
      acmeEmail = "admin@example.test";
      publicNetwork = ["jetstream" "moderation"];
    };
    services.microcosm-allegedly.wrap = "http://127.0.0.1:2582";
  };
in {
  # The walk over every entry of the representative configuration (the guide's).
  noEntryNamesThePublicNetwork = {
    expr = publicEntries (system [sovereign]);
    expected = [];
  };

  # The same walk finds the public network where it is left: every Bluesky entry of a host
  # without the profile, and the parts a broken variant leaves there.
  theWalkFindsThePublicNetwork = {
    expr = {
      plainHost = publicEntries (system []);
      relayAndJetstreamLeftPublic = publicEntries (eval [
        sovereign
        {
          atproto.profiles.sovereign.relay.enable = false;
          atproto.endpoints.jetstream = lib.mkForce publicEndpoints.jetstream;
        }
      ]);
    };
    expected = {
      plainHost = ["appview" "appviewDid" "entryway" "jetstream" "moderation" "moderationDid" "plcDirectory" "publicAppview" "relay"];
      relayAndJetstreamLeftPublic = ["jetstream" "relay"];
    };
  };

  namesPublicNetwork = {
    expr = map atprotoLib.namesPublicNetwork [
      "https://plc.directory"
      "https://relay1.us-west.bsky.network"
      "wss://jetstream1.us-east.bsky.network"
      "https://bsky.social"
      "did:web:api.bsky.app"
      "did:plc:ar7c4by46qjdydhdevvrndac"
      "https://plc.example.test"
      "https://bsky.network.example.test"
      "did:web:bsky.example.test"
      "did:plc:qfpnj4og54vl56wngdriaxug"
      "http://127.0.0.1:8000"
    ];
    expected = [true true true true true true false false false false false];
  };

  # Each service on its subdomain, HTTPS only, with an ACME certificate.
  servicesOnSubdomainsWithAcme = {
    expr = let
      config = system [sovereign];
    in {
      virtualHosts = lib.mapAttrs (_: host: {inherit (host) forceSSL enableACME;}) config.services.nginx.virtualHosts;
      inherit (config.security.acme) acceptTerms;
      inherit (config.security.acme.defaults) email;
      enabled = lib.filter (name: config.services.${name}.enable) ["microcosm-allegedly" "bluesky-relay" "atproto-pds" "bluesky-appview"];
    };
    expected = {
      virtualHosts = {
        "appview.example.test" = {
          forceSSL = true;
          enableACME = true;
        };
        "plc.example.test" = {
          forceSSL = true;
          enableACME = true;
        };
        "relay.example.test" = {
          forceSSL = true;
          enableACME = true;
        };
        "pds.example.test" = {
          forceSSL = true;
          enableACME = true;
        };
      };
      acceptTerms = true;
      email = "admin@example.test";
      enabled = ["microcosm-allegedly" "bluesky-relay" "atproto-pds" "bluesky-appview"];
    };
  };

  # The PDS registers DIDs through the mirror (forwarded upstream), is crawled by the local
  # relay, which trusts it, and starts after both.
  servicesAreWiredTogether = {
    expr = let
      config = system [sovereign];
      pds = config.systemd.services.atproto-pds;
    in {
      inherit (pds.environment) PDS_DID_PLC_URL PDS_CRAWLERS PDS_BSKY_APP_VIEW_URL PDS_REPORT_SERVICE_URL;
      writesForwarded = config.services.microcosm-allegedly.experimentalWriteUpstream;
      mirrorUpstream = config.services.microcosm-allegedly.upstream;
      relayPlc = config.systemd.services.bluesky-relay.environment.RELAY_PLC_HOST;
      trusted = config.services.bluesky-relay.trustedDomains;
      pdsAfter = lib.filter (lib.hasSuffix ".service") pds.after;
    };
    expected = {
      PDS_DID_PLC_URL = "https://plc.example.test";
      PDS_CRAWLERS = "https://relay.example.test";
      PDS_BSKY_APP_VIEW_URL = "https://appview.example.test";
      PDS_REPORT_SERVICE_URL = "https://ozone.example.test";
      writesForwarded = true;
      # A mirror copies the public directory.
      mirrorUpstream = publicEndpoints.plcDirectory;
      relayPlc = "https://plc.example.test";
      trusted = ["pds.example.test"];
      pdsAfter = ["bluesky-appview.service" "bluesky-relay.service" "microcosm-allegedly.service"];
    };
  };

  # A part kept on the public network is not run, and its entries keep the public values.
  publicPartIsNotRun = {
    expr = let
      config = system [sovereign {atproto.profiles.sovereign.publicNetwork = ["plc"];}];
    in {
      mirror = config.services.microcosm-allegedly.enable;
      inherit (config.atproto.endpoints) plcDirectory relay;
      public = publicEntries config;
    };
    expected = {
      mirror = false;
      plcDirectory = publicEndpoints.plcDirectory;
      relay = "https://relay.example.test";
      public = ["plcDirectory"];
    };
  };

  # Multi-host: a part run elsewhere is named in atproto.endpoints, and that wins.
  partRunElsewhere = {
    expr = let
      config = system [
        sovereign
        {
          atproto.profiles.sovereign.relay.enable = false;
          atproto.endpoints.relay = "https://relay.example.org";
        }
      ];
    in {
      relay = config.services.bluesky-relay.enable;
      crawlers = config.systemd.services.atproto-pds.environment.PDS_CRAWLERS;
    };
    expected = {
      relay = false;
      crawlers = "https://relay.example.org";
    };
  };

  # The profile runs the AppView (services.bluesky-appview) unless it is left public.
  appviewFollowsPublicNetwork = {
    expr = {
      run = (eval [minimal]).atproto.profiles.sovereign.appview.enable;
      public = (eval [minimal {atproto.profiles.sovereign.publicNetwork = lib.mkForce ["jetstream" "moderation" "appview"];}]).atproto.profiles.sovereign.appview.enable;
    };
    expected = {
      run = true;
      public = false;
    };
  };

  # The AppView joins on appview.<domain>, and the PDS uses it.
  appviewJoins = {
    expr = let
      config = system [minimal];
    in {
      enabled = config.services.bluesky-appview.enable;
      inherit (config.atproto.endpoints) appview appviewDid publicAppview;
      pdsAppview = config.systemd.services.atproto-pds.environment.PDS_BSKY_APP_VIEW_DID;
      pdsAfterAppview = builtins.elem "bluesky-appview.service" config.systemd.services.atproto-pds.after;
      virtualHost = config.services.nginx.virtualHosts ? "appview.example.test";
      public = publicEntries config;
    };
    expected = {
      enabled = true;
      appview = "https://appview.example.test";
      appviewDid = "did:web:appview.example.test";
      publicAppview = "https://appview.example.test";
      pdsAppview = "did:web:appview.example.test";
      pdsAfterAppview = true;
      virtualHost = true;
      public = ["jetstream" "moderation" "moderationDid"];
    };
  };

  # The AppView module's own registration for discovery wins over the profile's: without nginx
  # the module registers its listen address, the profile would say https://appview.<domain>.
  appviewModuleRegistrationWins = {
    expr = (system [minimal {services.bluesky-appview.nginx.enable = false;}]).atproto.endpoints.appview;
    expected = "http://127.0.0.1:2584";
  };
}
