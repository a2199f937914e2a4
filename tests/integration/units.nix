# The units of the integration tests' configurations, rendered by the harness, as JSON for
# tests/integration/run: each service's environment, start script, credentials and state
# directory, and the commands the configuration puts on PATH.
let
  harness = import ../harness.nix {};
  inherit (harness) lib;

  render = configuration: services: packages: let
    system = harness.system [configuration];
    unit = name: let
      service = system.systemd.services.${name};
    in {
      inherit (service) environment script;
      credentials = service.serviceConfig.LoadCredential or [];
      stateDirectory = service.serviceConfig.StateDirectory or null;
      execStart = service.serviceConfig.ExecStart or null;
    };
    commands = lib.listToAttrs (map (package: lib.nameValuePair package.name (package.drvAttrs.text or null)) system.environment.systemPackages);
  in {
    units = lib.genAttrs services unit;
    inherit commands;
    packages = lib.mapAttrs (_: package: {
      path = toString package;
      inherit (package) version;
      rev = package.src.rev or null;
    }) (packages system.services);
  };
in {
  atproto-pds = render ./atproto-pds.nix ["atproto-pds"] (services: {
    atproto-pds = services.atproto-pds.package;
    atproto-pds-admin = services.atproto-pds.admin.package;
  });
  microcosm-allegedly = render ./microcosm-allegedly.nix ["microcosm-allegedly"] (services: {
    allegedly = services.microcosm-allegedly.package;
  });
  # The monorepo's packages the build publishes (members) come along: the test pins them.
  bluesky-appview = render ./bluesky-appview.nix ["bluesky-appview-secrets" "bluesky-appview-bsync" "bluesky-appview-dataplane" "bluesky-appview"] (services:
    {
      appview = services.bluesky-appview.package;
      bsync = services.bluesky-appview.bsync.package;
      nodejs = services.bluesky-appview.package.nodejs;
    }
    // lib.mapAttrs' (name: lib.nameValuePair "@atproto/${name}") services.bluesky-appview.package.built.members);
  bluesky-ozone = render ./bluesky-ozone.nix ["bluesky-ozone-secrets" "bluesky-ozone" "bluesky-ozone-daemon"] (services:
    {
      ozone = services.bluesky-ozone.package;
      nodejs = services.bluesky-ozone.package.nodejs;
    }
    // lib.mapAttrs' (name: lib.nameValuePair "@atproto/${name}") services.bluesky-ozone.package.built.members);
}
