# expect: services.teal-fm-teal: the status API needs PostgreSQL 16 or later
{
  system,
  configurations,
  pkgs,
  ...
}:
(system [
  configurations.teal-fm-teal
  {
    services.postgresql.package = pkgs.postgresql.overrideAttrs {version = "15.14";};
  }
])
.systemd
.services
