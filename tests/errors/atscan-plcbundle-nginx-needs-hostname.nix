# expect: services.atscan-plcbundle.nginx.hostName must be set when services.atscan-plcbundle.nginx.enable is true
{system, ...}:
(system [
  {
    services.atscan-plcbundle = {
      enable = true;
      nginx.enable = true;
    };
    security.acme = {
      acceptTerms = true;
      defaults.email = "admin@example.test";
    };
  }
])
.systemd
.services
