# expect: services.microcosm-ufos.nginx.hostName must be set when services.microcosm-ufos.nginx.enable is true
{system, ...}:
(system [
  {
    services.microcosm-ufos = {
      enable = true;
      nginx.enable = true;
    };
  }
])
.systemd
.services
