# expect: services.bluesky-appview.hostname must be set: the AppView's public hostname (or nginx.hostName)
{system, ...}:
(system [{services.bluesky-appview.enable = true;}]).systemd.services
