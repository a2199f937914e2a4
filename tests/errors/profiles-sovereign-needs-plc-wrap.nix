# expect: services.microcosm-allegedly.wrap must be set: the URL of the did-method-plc server to wrap
{
  system,
  configurations,
  lib,
  ...
}:
(system [
  configurations.profiles-sovereign
  {services.microcosm-allegedly.wrap = lib.mkForce null;}
])
.systemd
.services
