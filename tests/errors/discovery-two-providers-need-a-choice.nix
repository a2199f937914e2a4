# expect: atproto.endpoints.relay must be set: this host runs several services providing it (blacksky-rsky-relay.service, bluesky-relay.service), so discovery cannot choose
{
  system,
  configurations,
  ...
}:
(system [
  configurations.bluesky-relay
  {services.blacksky-rsky-relay.enable = true;}
])
.systemd
.services
