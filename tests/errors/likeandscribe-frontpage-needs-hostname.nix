# expect: services.likeandscribe-frontpage.hostName must be set
{system, ...}:
(system [
  {
    services.likeandscribe-frontpage.enable = true;
  }
])
.systemd
.services
