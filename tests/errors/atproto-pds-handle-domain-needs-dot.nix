# expect: is not of type `string matching the pattern \..+'
{system, ...}:
(system [
  {
    services.atproto-pds = {
      enable = true;
      hostname = "pds.example.test";
      handleDomains = ["pds.example.test"];
    };
  }
])
.systemd
.services
.atproto-pds
.environment
