# expect: services.blacksky-rsky-pds.hostname must be set: the PDS's public hostname
{system, ...}:
(system [
  {
    services.blacksky-rsky-pds = {
      enable = true;
      jwtKeyFile = "/run/secrets/a";
      repoSigningKeyFile = "/run/secrets/b";
      plcRotationKeyFile = "/run/secrets/c";
    };
  }
])
.systemd
.services
