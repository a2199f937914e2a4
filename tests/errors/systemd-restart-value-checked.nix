# expect: The value `sometimes' for option `Restart' is not allowed
{system, ...}:
(system [{systemd.services.x.serviceConfig.Restart = "sometimes";}]).systemd.services.x.serviceConfig
