# expect: atproto.profiles.sovereign: atproto.endpoints.jetstream (wss://jetstream2.us-east.bsky.network) is a service of the public network. Set it to your own, or add "jetstream" to atproto.profiles.sovereign.publicNetwork to keep it there
{
  system,
  configurations,
  lib,
  atprotoLib,
  ...
}:
(system [
  configurations.profiles-sovereign
  {atproto.endpoints.jetstream = lib.mkForce atprotoLib.publicEndpoints.jetstream;}
])
.systemd
.services
