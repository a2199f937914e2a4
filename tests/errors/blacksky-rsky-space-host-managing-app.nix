# expect: services.blacksky-rsky-space-host.managingApp must be set when services.blacksky-rsky-space-host.policy is "managing-app"
{
  system,
  configurations,
  ...
}:
(system [configurations.blacksky-rsky-space-host {services.blacksky-rsky-space-host.policy = "managing-app";}]).systemd.services
