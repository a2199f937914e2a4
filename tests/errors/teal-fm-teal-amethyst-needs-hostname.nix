# expect: services.teal-fm-teal.amethyst.hostName must be set
{
  system,
  configurations,
  lib,
  ...
}:
(system [
  configurations.teal-fm-teal
  {services.teal-fm-teal.amethyst.hostName = lib.mkForce null;}
])
.systemd
.services
