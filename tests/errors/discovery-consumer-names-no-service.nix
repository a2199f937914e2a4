# expect: atproto.discovery.consumers.atproto-feed names no systemd service of this host
{
  system,
  configurations,
  ...
}:
(system [
  configurations.bluesky-relay
  {
    atproto.discovery.consumers.atproto-feed = ["https://relay.example.test"];
  }
])
.systemd
.services
