# expect: You must accept the CA's terms of service before using
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.example-service {security.acme.acceptTerms = lib.mkForce false;}]).systemd.services
