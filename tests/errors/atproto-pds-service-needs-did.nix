# expect: services.atproto-pds: an AppView or report service needs both its url and its did
{system, ...}:
(system [
  {
    services.atproto-pds = {
      enable = true;
      hostname = "pds.example.test";
      appview.did = null;
    };
  }
])
.systemd
.services
