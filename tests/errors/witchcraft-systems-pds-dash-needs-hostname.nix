# expect: services.witchcraft-systems-pds-dash.hostName must be set
{system, ...}:
(system [
  {
    services.witchcraft-systems-pds-dash.enable = true;
  }
])
.services
.nginx
