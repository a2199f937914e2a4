# expect: is not of type `absolute path not in the Nix store'
{
  system,
  configurations,
  lib,
  ...
}:
(system [configurations.example-service {services.atproto-example.adminPasswordFile = lib.mkForce ./secret-path-literal-rejected.nix;}]).systemd.services
