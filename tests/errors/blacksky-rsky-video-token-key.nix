# expect: services.blacksky-rsky-video.bunny.tokenKeyFile must be set when services.blacksky-rsky-video.bunny.tokenAuthentication is true
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.blacksky-rsky-video {services.blacksky-rsky-video.bunny.tokenKeyFile = lib.mkForce null;}]).systemd.services
