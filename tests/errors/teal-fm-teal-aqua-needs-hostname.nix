# expect: services.teal-fm-teal.aqua.hostName must be set
{
  system,
  configurations,
  lib,
  ...
}:
(system [
  configurations.teal-fm-teal
  {
    services.teal-fm-teal = {
      aqua.nginx.enable = lib.mkForce false;
      aqua.nginx.hostName = lib.mkForce null;
      amethyst.enable = lib.mkForce false;
    };
  }
])
.systemd
.services
