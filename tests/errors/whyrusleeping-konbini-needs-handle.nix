# expect: services.whyrusleeping-konbini.handle must be set: the account Konbini indexes for and logs in as
{system, ...}:
(system [
  {
    services.whyrusleeping-konbini = {
      enable = true;
      passwordFile = "/run/secrets/konbini-app-password";
    };
  }
])
.systemd
.services
