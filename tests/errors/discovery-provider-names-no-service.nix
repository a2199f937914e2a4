# expect: atproto.discovery.providers.atproto-feed names no systemd service of this host
{system, ...}:
(system [
  {
    atproto.discovery.providers.atproto-feed.endpoints.appview = "https://feed.example.test";
  }
])
.systemd
.services
