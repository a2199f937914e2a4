# expect: services.atproto-pds.hostname must be set: the PDS's public hostname
{system, ...}:
(system [{services.atproto-pds.enable = true;}]).systemd.services
