# expect: atproto.profiles.sovereign.appview.enable needs the Bluesky AppView's module (services.bluesky-appview)
{
  system,
  configurations,
  ...
}:
(system [
  configurations.profiles-sovereign
  {atproto.profiles.sovereign.appview.enable = true;}
])
.systemd
.services
