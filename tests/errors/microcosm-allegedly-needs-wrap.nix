# expect: services.microcosm-allegedly.wrap must be set: the URL of the did-method-plc server to wrap
{system, ...}: (system [{services.microcosm-allegedly.enable = true;}]).systemd.services
