# expect: services.microcosm-constellation.backups.enable needs services.microcosm-constellation.backend = "rocks"
{
  system,
  configurations,
  ...
}:
(system [configurations.microcosm-constellation {services.microcosm-constellation.backend = "memory";}]).systemd.services
