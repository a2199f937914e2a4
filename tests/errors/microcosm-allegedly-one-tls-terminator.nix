# expect: services.microcosm-allegedly.acme.enable and services.microcosm-allegedly.nginx.enable are mutually exclusive
{
  system,
  configurations,
  ...
}:
(system [
  configurations.microcosm-allegedly
  {
    services.microcosm-allegedly.acme = {
      enable = true;
      domains = ["plc.example.test"];
    };
  }
])
.systemd
.services
