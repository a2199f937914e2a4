# expect: services.atproto-example.nginx.hostName must be set when services.atproto-example.nginx.enable is true
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.example-service {services.atproto-example.nginx.hostName = lib.mkForce null;}]).systemd.services
