# expect: services.haileyok-cocoon.contactEmail must be set: cocoon refuses to start without a contact address
{system, ...}:
(system [
  {
    services.haileyok-cocoon = {
      enable = true;
      hostname = "pds.example.test";
    };
  }
])
.systemd
.services
