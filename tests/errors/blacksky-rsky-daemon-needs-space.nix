# expect: services.blacksky-rsky-daemon.spaceUri must be set: the space to sync
{system, ...}: (system [{services.blacksky-rsky-daemon.enable = true;}]).systemd.services
