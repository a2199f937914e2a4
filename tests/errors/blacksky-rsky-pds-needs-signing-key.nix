# expect: The option `services.blacksky-rsky-pds.repoSigningKeyFile' was accessed but has no value defined.
{system, ...}:
(system [
  {
    services.blacksky-rsky-pds = {
      enable = true;
      hostname = "pds.example.test";
      jwtKeyFile = "/run/secrets/a";
      plcRotationKeyFile = "/run/secrets/c";
    };
  }
])
.systemd
.services
.blacksky-rsky-pds
.serviceConfig
