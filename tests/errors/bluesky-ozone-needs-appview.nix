# expect: services.bluesky-ozone.appview.url must be set: the AppView Ozone reads from
{
  system,
  configurations,
  ...
}:
(system [configurations.bluesky-ozone {services.bluesky-ozone.appview.url = null;}]).systemd.services
