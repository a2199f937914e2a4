# The host-wide endpoint registry `atproto.endpoints`, which every atpkgs module takes
# its endpoint defaults from, and service discovery: a service this host runs becomes the
# default of the entries it provides, and the services reaching it start after it.
{
  config,
  options,
  lib,
  atprotoLib,
  ...
}: let
  inherit (atprotoLib) publicEndpoints types;
  inherit (lib) mkOption;
  cfg = config.atproto.discovery;

  endpointOption = name: type: description:
    mkOption {
      inherit type;
      default = publicEndpoints.${name};
      description = "${description} Every atpkgs service on this host defaults to it.";
    };

  endpointNames = builtins.attrNames publicEndpoints;

  # Endpoint name -> the units providing it on this host.
  providersOf = name: builtins.attrNames (lib.filterAttrs (_: provider: provider.endpoints ? ${name}) cfg.providers);

  # `host[:port]` of a URL, or a host name as it is.
  authority = value: builtins.head (lib.splitString "/" (lib.last (lib.splitString "://" value)));

  # The providers (other than the unit itself) reached at one of a consumer's endpoints.
  providersReachedBy = unit: endpoints: let
    reached = map authority (builtins.filter (value: value != null) endpoints);
    addressesOf = provider: map authority (provider.addresses ++ builtins.filter (lib.hasInfix "://") (builtins.attrValues provider.endpoints));
  in
    builtins.attrNames (lib.filterAttrs (name: provider: name != unit && lib.any (address: builtins.elem address reached) (addressesOf provider)) cfg.providers);

  # Whether something other than the option's own default sets an endpoint.
  isSet = name: options.atproto.endpoints.${name}.highestPrio < 1500;
in {
  options.atproto = {
    endpoints = {
      plcDirectory = endpointOption "plcDirectory" types.endpoint "PLC directory resolving did:plc identities (e.g. a local PLC mirror).";
      plcBundles = endpointOption "plcBundles" types.endpoint "Weekly bundles of the PLC directory's operations, for bulk loading a mirror.";
      relay = endpointOption "relay" types.endpoint "Relay whose firehose (com.atproto.sync.subscribeRepos) services consume and PDSes ask to crawl them.";
      jetstream = endpointOption "jetstream" types.websocketEndpoint "Jetstream instance (JSON firehose), without the /subscribe path.";
      appview = endpointOption "appview" types.endpoint "Bluesky AppView.";
      appviewDid = endpointOption "appviewDid" types.did "DID of the Bluesky AppView, for service proxying.";
      publicAppview = endpointOption "publicAppview" types.endpoint "Unauthenticated, cached Bluesky AppView API.";
      entryway = endpointOption "entryway" types.endpoint "Entryway (login host) of the Bluesky PDS fleet, or a single PDS.";
      chat = endpointOption "chat" types.endpoint "Bluesky chat service.";
      chatDid = endpointOption "chatDid" types.did "DID of the Bluesky chat service.";
      moderation = endpointOption "moderation" types.endpoint "Bluesky moderation service (labeler).";
      moderationDid = endpointOption "moderationDid" types.did "DID of the Bluesky moderation service.";
      tangledAppview = endpointOption "tangledAppview" types.endpoint "Tangled AppView, which knots and spindles report to.";
      tangledNixery = endpointOption "tangledNixery" types.endpoint "Nixery instance spindles pull CI images from.";
      tangledPds = endpointOption "tangledPds" types.endpoint "PDS a Tangled AppView creates accounts on.";
      tangledCamo = endpointOption "tangledCamo" types.endpoint "Image proxy a Tangled AppView rewrites external images through.";
      tangledAvatar = endpointOption "tangledAvatar" types.endpoint "Avatar service a Tangled AppView serves profile pictures from.";
    };

    discovery = {
      enable =
        lib.mkEnableOption ''
          service discovery: a service enabled on this host becomes the default
          (`lib.mkDefault`) of the `atproto.endpoints` entries it provides (see
          {option}`atproto.discovery.providers`), so that the other services of the host use
          it; a value you set wins. Services that reach a provider of this host start after it
          either way''
        // {default = true;};
      providers = mkOption {
        type = lib.types.attrsOf (lib.types.submodule {
          options = {
            endpoints = mkOption {
              type = lib.types.attrsOf lib.types.str;
              default = {};
              example = {plcDirectory = "https://plc.example.com";};
              description = "The `atproto.endpoints` entries this service provides, with the values the host's services should use.";
            };
            addresses = mkOption {
              type = lib.types.listOf lib.types.str;
              default = [];
              example = ["https://plc.example.com" "http://127.0.0.1:8000"];
              description = "URLs (or `host:port`) the service is reached at, to recognise the services that reach it.";
            };
          };
        });
        default = {};
        description = ''
          The services of this host that provide `atproto.endpoints` entries, by systemd service
          name. atpkgs' modules register themselves (a PLC mirror, a relay, a PDS, a Tangled
          AppView); a module of your own does it with `atprotoLib.service.mkProvider`.
        '';
      };
      consumers = mkOption {
        type = lib.types.attrsOf (lib.types.listOf (lib.types.nullOr lib.types.str));
        default = {};
        example = {my-feed = ["https://relay.example.com" "https://plc.example.com"];};
        description = ''
          The endpoints (URLs or host names; nulls are ignored) each systemd service reaches: a
          service reaching a provider of this host gets `After=` and `Wants=` on it. atpkgs'
          modules register their services; a module of your own does it with
          `atprotoLib.service.mkConsumer`.
        '';
      };
    };
  };

  config = {
    atproto.endpoints = lib.genAttrs endpointNames (name: let
      providers = providersOf name;
    in
      lib.mkIf (cfg.enable && builtins.length providers == 1)
      (lib.mkDefault cfg.providers.${builtins.head providers}.endpoints.${name}));

    systemd.services = lib.mapAttrs (unit: endpoints: let
      providers = map (name: "${name}.service") (providersReachedBy unit endpoints);
    in
      lib.mkIf (providers != []) {
        after = providers;
        wants = providers;
      })
    cfg.consumers;

    assertions =
      map (name: {
        assertion = !(cfg.enable && builtins.length (providersOf name) > 1) || isSet name;
        message = "atproto.endpoints.${name} must be set: this host runs several services providing it (${lib.concatMapStringsSep ", " (unit: "${unit}.service") (providersOf name)}), so discovery cannot choose";
      })
      endpointNames
      ++ lib.mapAttrsToList (unit: provider: {
        assertion = config.systemd.services ? ${unit};
        message = "atproto.discovery.providers.${unit} names no systemd service of this host";
      })
      cfg.providers
      ++ lib.mapAttrsToList (unit: _: let
        # The ordering above creates the entry, so look for what a service of its own has
        # (without forcing its command, which a failed assertion may be about).
        service = config.systemd.services.${unit} or {};
      in {
        assertion = service.description or "" != "" || service.serviceConfig or {} ? ExecStart;
        message = "atproto.discovery.consumers.${unit} names no systemd service of this host";
      })
      cfg.consumers;
  };
}
