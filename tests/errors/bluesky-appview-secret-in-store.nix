# expect: services.bluesky-appview.secrets.signingKeyFile' is not of type `null or absolute path not in the Nix store'
{
  system,
  configurations,
  ...
}:
(system [configurations.bluesky-appview {services.bluesky-appview.secrets.signingKeyFile = "/nix/store/00000000000000000000000000000000-appview-key";}]).systemd.services
