# expect: - services.atproto-example.serviceDid must be set: the DID this service is reached under
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.example-service {services.atproto-example.serviceDid = lib.mkForce null;}]).systemd.services
