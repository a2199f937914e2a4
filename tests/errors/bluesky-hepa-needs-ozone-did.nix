# expect: services.bluesky-hepa.ozone.did must be set: the DID Ozone actions are attributed to
{system, ...}:
(system [
  {
    services.bluesky-hepa = {
      enable = true;
      ozone.adminTokenFile = "/run/secrets/ozone-admin-token";
    };
  }
])
.systemd
.services
