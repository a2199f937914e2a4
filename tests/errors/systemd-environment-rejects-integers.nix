# expect: is not of type `null or string or absolute path or package'
{system, ...}:
(system [{systemd.services.x.environment.PORT = 3000;}]).systemd.services.x.environment
