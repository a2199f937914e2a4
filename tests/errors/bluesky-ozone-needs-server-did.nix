# expect: services.bluesky-ozone.serverDid must be set: the moderation service's DID
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.bluesky-ozone {services.bluesky-ozone.serverDid = lib.mkForce null;}]).systemd.services
