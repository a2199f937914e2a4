# expect: services.haileyok-cocoon.hostname must be set: the PDS's public hostname
{system, ...}:
(system [
  {
    services.haileyok-cocoon = {
      enable = true;
      contactEmail = "admin@example.test";
    };
  }
])
.systemd
.services
