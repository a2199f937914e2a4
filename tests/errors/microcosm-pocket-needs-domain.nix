# expect: The option `services.microcosm-pocket.domain' was accessed but has no value defined.
{system, ...}:
(system [{services.microcosm-pocket.enable = true;}]).systemd.services.microcosm-pocket.serviceConfig.ExecStart
