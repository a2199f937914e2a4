# expect: is not of type `non-empty (list of HTTP(S) endpoint URL without a trailing slash)'
{system, ...}:
(system [
  {
    services.bluesky-palomar = {
      enable = true;
      opensearch.hosts = [];
    };
  }
])
.systemd
.services
.bluesky-palomar
.environment
