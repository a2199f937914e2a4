# expect: services.bluesky-appview.secrets.bsyncApiKeyFile must be set: the key of bsync (or turn generateSecrets on)
{system, ...}:
(system [
  {
    services.bluesky-appview = {
      enable = true;
      hostname = "appview.example.test";
      generateSecrets = false;
      secrets.signingKeyFile = "/run/secrets/appview-signing-key";
    };
  }
])
.systemd
.services
