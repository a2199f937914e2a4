# expect: services.blacksky-palomar-sync.pagerankProgram must be set when services.blacksky-palomar-sync.task is "pagerank"
{
  system,
  configurations,
  ...
}:
(system [configurations.blacksky-palomar-sync {services.blacksky-palomar-sync.task = "pagerank";}]).systemd.services
