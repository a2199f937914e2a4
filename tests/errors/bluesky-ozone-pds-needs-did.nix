# expect: services.bluesky-ozone: a PDS or chat service needs both its url and its did
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.bluesky-ozone {services.bluesky-ozone.pds.did = lib.mkForce null;}]).systemd.services
