# expect: services.blacksky-rsky-firehose.feedgen must be set: the rsky-feedgen URL
{system, ...}:
(system [
  {
    services.blacksky-rsky-firehose = {
      enable = true;
      apiKeyFile = "/run/secrets/rsky-api-key";
    };
  }
])
.systemd
.services
