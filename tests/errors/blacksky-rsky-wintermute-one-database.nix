# expect: services.blacksky-rsky-wintermute: set exactly one of services.blacksky-rsky-wintermute.database.name and services.blacksky-rsky-wintermute.database.urlFile
{system, ...}: (system [{services.blacksky-rsky-wintermute.enable = true;}]).systemd.services
