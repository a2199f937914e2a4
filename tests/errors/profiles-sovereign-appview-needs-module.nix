# expect: atproto.profiles.sovereign.appview.enable needs the Bluesky AppView's module (services.bluesky-appview)
# A host importing the profile's module and the other services' alone, without the AppView's.
{
  nixos,
  modules,
  configurations,
  ...
}:
(nixos.system [
  modules.profiles-sovereign
  modules.microcosm-allegedly
  modules.bluesky-relay
  modules.atproto-pds
  configurations.profiles-sovereign
  {atproto.profiles.sovereign.appview.enable = true;}
])
.systemd
.services
