# expect: services.haileyok-cocoon.smtp.host, .smtp.user, .smtp.fromAddress, .smtp.fromName and services.haileyok-cocoon.smtpPasswordFile must be set together
{
  system,
  configurations,
  lib,
  ...
}:
(system [
  configurations.haileyok-cocoon
  {services.haileyok-cocoon.smtp.fromName = lib.mkForce null;}
])
.systemd
.services
