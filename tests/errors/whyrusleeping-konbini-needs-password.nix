# expect: services.whyrusleeping-konbini.passwordFile must be set: the app password of that account
{system, ...}:
(system [
  {
    services.whyrusleeping-konbini = {
      enable = true;
      handle = "alice.example.test";
    };
  }
])
.systemd
.services
