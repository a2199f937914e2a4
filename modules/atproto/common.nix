# The host-wide endpoint registry `atproto.endpoints`, which every atpkgs module takes
# its endpoint defaults from.
{
  lib,
  atprotoLib,
  ...
}: let
  inherit (atprotoLib) publicEndpoints types;

  endpointOption = name: type: description:
    lib.mkOption {
      inherit type;
      default = publicEndpoints.${name};
      description = "${description} Every atpkgs service on this host defaults to it.";
    };
in {
  options.atproto.endpoints = {
    plcDirectory = endpointOption "plcDirectory" types.endpoint "PLC directory resolving did:plc identities (e.g. a local PLC mirror).";
    plcBundles = endpointOption "plcBundles" types.endpoint "Weekly bundles of the PLC directory's operations, for bulk loading a mirror.";
    relay = endpointOption "relay" types.endpoint "Relay whose firehose (com.atproto.sync.subscribeRepos) services consume and PDSes ask to crawl them.";
    jetstream = endpointOption "jetstream" types.websocketEndpoint "Jetstream instance (JSON firehose), without the /subscribe path.";
    appview = endpointOption "appview" types.endpoint "Bluesky AppView.";
    appviewDid = endpointOption "appviewDid" types.did "DID of the Bluesky AppView, for service proxying.";
    publicAppview = endpointOption "publicAppview" types.endpoint "Unauthenticated, cached Bluesky AppView API.";
    entryway = endpointOption "entryway" types.endpoint "Entryway (login host) of the Bluesky PDS fleet.";
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
}
