# expect: atproto.profiles.sovereign.acmeEmail must be set: the address of the ACME account the subdomains' certificates are issued to
{
  system,
  configurations,
  lib,
  ...
}:
(system [
  configurations.profiles-sovereign
  {atproto.profiles.sovereign.acmeEmail = lib.mkForce null;}
])
.systemd
.services
