# expect: services.haileyok-cocoon.rotationKeyFile must be set: the PLC rotation key (or turn generateSecrets on)
{system, ...}:
(system [
  {
    services.haileyok-cocoon = {
      enable = true;
      hostname = "pds.example.test";
      contactEmail = "admin@example.test";
      generateSecrets = false;
      adminPasswordFile = "/run/secrets/cocoon-admin-password";
      sessionSecretFile = "/run/secrets/cocoon-session-secret";
      jwkFile = "/run/secrets/cocoon-jwk";
    };
  }
])
.systemd
.services
