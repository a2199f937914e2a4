# expect: services.atproto-pds.secrets.plcRotationKeyFile must be set: the PLC rotation key (or turn generateSecrets on)
{system, ...}:
(system [
  {
    services.atproto-pds = {
      enable = true;
      hostname = "pds.example.test";
      generateSecrets = false;
      secrets = {
        jwtSecretFile = "/run/secrets/jwt";
        adminPasswordFile = "/run/secrets/admin";
      };
    };
  }
])
.systemd
.services
