# expect: services.bluesky-ozone.secrets.signingKeyFile must be set: the key Ozone signs labels with
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.bluesky-ozone {services.bluesky-ozone.secrets.signingKeyFile = lib.mkForce null;}]).systemd.services
