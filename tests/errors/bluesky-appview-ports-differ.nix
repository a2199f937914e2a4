# expect: services.bluesky-appview: port, dataplane.port and bsync.port must differ
{
  system,
  configurations,
  ...
}:
(system [configurations.bluesky-appview {services.bluesky-appview.bsync.port = 2586;}]).systemd.services
