# expect: services.atproto-pds.email.fromAddress and services.atproto-pds.secrets.emailSmtpUrlFile must be set together
{system, ...}:
(system [
  {
    services.atproto-pds = {
      enable = true;
      hostname = "pds.example.test";
      email.fromAddress = "pds@example.test";
    };
  }
])
.systemd
.services
