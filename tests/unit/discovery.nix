# Service discovery (modules/atproto/common.nix): a service this host runs becomes the
# default of the `atproto.endpoints` entries it provides, and the services reaching it start
# after it.
{
  lib,
  atprotoLib,
  system,
  eval,
  options,
  configurations,
  ...
}: let
  inherit (atprotoLib) publicEndpoints;

  # A PDS, a PLC mirror (forwarding the PDS's writes) and a relay on one host, each behind nginx.
  oneHost = [
    configurations.atproto-pds
    configurations.microcosm-allegedly
    configurations.bluesky-relay
    {services.microcosm-allegedly.experimentalWriteUpstream = true;}
  ];

  mirrorWithoutNginx = {
    services.microcosm-allegedly = {
      enable = true;
      wrap = "http://127.0.0.1:2582";
      experimentalWriteUpstream = true;
    };
  };

  unitOrdering = service: {inherit (service) after wants;};
in {
  # A service behind nginx is reached at its virtual host, the others at their listen address.
  providersBecomeTheHostsEndpoints = {
    expr = let
      config = system oneHost;
    in {
      inherit (config.atproto.endpoints) plcDirectory relay entryway;
      loopback = (system [mirrorWithoutNginx]).atproto.endpoints.plcDirectory;
    };
    expected = {
      plcDirectory = "https://plc.example.test";
      relay = "https://relay.example.test";
      entryway = "https://pds.example.test";
      loopback = "http://127.0.0.1:8000";
    };
  };

  consumersUseTheLocalProviders = {
    expr = let
      inherit ((system oneHost).systemd.services.atproto-pds) environment;
    in {inherit (environment) PDS_DID_PLC_URL PDS_CRAWLERS;};
    expected = {
      PDS_DID_PLC_URL = "https://plc.example.test";
      PDS_CRAWLERS = "https://relay.example.test";
    };
  };

  consumersStartAfterTheirProviders = {
    expr = let
      services = (system oneHost).systemd.services;
    in {
      pds = unitOrdering services.atproto-pds;
      relay = unitOrdering services.bluesky-relay;
    };
    expected = {
      pds = {
        after = ["bluesky-relay.service" "microcosm-allegedly.service" "network-online.target"];
        wants = ["bluesky-relay.service" "microcosm-allegedly.service" "network-online.target"];
      };
      relay = {
        after = ["microcosm-allegedly.service" "network-online.target" "postgresql.target"];
        wants = ["microcosm-allegedly.service" "network-online.target"];
      };
    };
  };

  # The public values are option defaults (priority 1500), discovery's mkDefault (1000)
  # replaces them, a plain setting (100) replaces discovery's.
  discoveryPriorities = {
    expr = let
      prioOf = modules: (options modules).atproto.endpoints.plcDirectory.highestPrio;
    in {
      alone = prioOf [];
      discovered = prioOf [mirrorWithoutNginx];
      set = prioOf [mirrorWithoutNginx {atproto.endpoints.plcDirectory = "https://plc.example.org";}];
    };
    expected = {
      alone = 1500;
      discovered = 1000;
      set = 100;
    };
  };

  explicitEndpointBeatsDiscovery = {
    expr = let
      config = system (oneHost ++ [{atproto.endpoints.plcDirectory = "https://plc.example.org";}]);
    in {
      inherit (config.atproto.endpoints) plcDirectory;
      plc = config.systemd.services.atproto-pds.environment.PDS_DID_PLC_URL;
      # The PDS no longer reaches the local mirror: no ordering after it.
      after = config.systemd.services.atproto-pds.after;
    };
    expected = {
      plcDirectory = "https://plc.example.org";
      plc = "https://plc.example.org";
      after = ["bluesky-relay.service" "network-online.target"];
    };
  };

  withoutDiscoveryThePublicValuesStay = {
    expr = (system (oneHost ++ [{atproto.discovery.enable = false;}])).atproto.endpoints.plcDirectory;
    expected = publicEndpoints.plcDirectory;
  };

  # Ordering follows the addresses a consumer reaches, however its endpoint was set.
  orderingFollowsExplicitLocalAddresses = {
    expr =
      (system [
        mirrorWithoutNginx
        {
          atproto.discovery.enable = false;
          services.bluesky-relay = {
            enable = true;
            plcDirectory = "http://127.0.0.1:8000";
          };
        }
      ])
      .systemd
      .services
      .bluesky-relay
      .after;
    expected = ["microcosm-allegedly.service" "network-online.target"];
  };

  # Consumers that take host names (Konbini's firehose backend) are recognised too.
  hostNameConsumersAreOrdered = {
    expr =
      (system [
        configurations.bluesky-relay
        configurations.whyrusleeping-konbini
      ])
      .systemd
      .services
      .whyrusleeping-konbini
      .after;
    expected = ["bluesky-relay.service" "postgresql.target" "network-online.target" "redis-whyrusleeping-konbini.service"];
  };

  # rsky-relay is its own host's relay endpoint; a provider is never ordered after itself.
  providerIsNotOrderedAfterItself = {
    expr =
      (system [
        configurations.blacksky-rsky-relay
        {services.blacksky-rsky-relay.discoveryUpstreams = ["relay.example.test"];}
      ])
      .systemd
      .services
      .blacksky-rsky-relay
      .after;
    expected = ["network-online.target" "blacksky-rsky-relay-plc-import.service"];
  };

  # Two providers of one entry: the operator chooses, and discovery stays out of it.
  twoRelaysWithAChoice = {
    expr =
      (system [
        configurations.bluesky-relay
        {
          services.blacksky-rsky-relay.enable = true;
          atproto.endpoints.relay = "https://relay.example.test";
        }
      ])
      .atproto
      .endpoints
      .relay;
    expected = "https://relay.example.test";
  };

  tangledAppviewIsTheKnotsAppview = {
    expr = let
      config = system [configurations.profiles-tangled-self-hosted];
    in {
      endpoint = config.atproto.endpoints.tangledAppview;
      knotAfterAppview = builtins.elem "tangled-appview.service" config.systemd.services.tangled-knot.after;
    };
    expected = {
      endpoint = "https://code.example.test";
      knotAfterAppview = true;
    };
  };

  # A PDS registering DIDs at a mirror that rejects writes is warned about.
  pdsWritingToARejectingMirrorIsWarned = {
    expr = let
      warningsOf = modules: lib.filter (lib.hasPrefix "services.microcosm-allegedly rejects") (eval modules).warnings;
    in {
      rejecting = map (lib.hasInfix "services.atproto-pds registers DIDs at it") (warningsOf (oneHost ++ [{services.microcosm-allegedly.experimentalWriteUpstream = lib.mkForce false;}]));
      forwarding = warningsOf oneHost;
    };
    expected = {
      rejecting = [true];
      forwarding = [];
    };
  };

  # A module of one's own registers with atprotoLib.service.mkConsumer (the example module).
  ownModuleUsesTheLocalMirror = {
    expr = let
      service = (system [configurations.example-service mirrorWithoutNginx]).systemd.services.atproto-example;
    in {
      plc = service.environment.EXAMPLE_PLC_URL;
      afterMirror = builtins.elem "microcosm-allegedly.service" service.after;
    };
    expected = {
      plc = "http://127.0.0.1:8000";
      afterMirror = true;
    };
  };

  # Every module that reads an endpoint registers its units as consumers.
  everyConsumerIsRegistered = {
    expr = let
      registered = lib.concatMap (configuration: builtins.attrNames (system [configuration]).atproto.discovery.consumers) (builtins.attrValues configurations);
    in
      lib.filter (unit: !builtins.elem unit registered) [
        "atproto-pds"
        "atscan-plcbundle"
        "blacksky-rsky-firehose"
        "blacksky-rsky-jetstream-subscriber"
        "blacksky-rsky-labeler"
        "blacksky-rsky-pds"
        "blacksky-rsky-relay"
        "blacksky-rsky-space-host"
        "blacksky-rsky-wintermute"
        "bluesky-hepa"
        "bluesky-palomar"
        "bluesky-rainbow"
        "bluesky-relay"
        "haileyok-cocoon"
        "microcosm-allegedly"
        "microcosm-allegedly-backfill"
        "microcosm-constellation"
        "microcosm-slingshot"
        "microcosm-spacedust"
        "microcosm-ufos"
        "tangled-appview"
        "tangled-knot"
        "tangled-spindle"
        "whyrusleeping-konbini"
      ];
    expected = [];
  };
}
