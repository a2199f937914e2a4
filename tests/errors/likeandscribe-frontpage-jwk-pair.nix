# expect: services.likeandscribe-frontpage.secrets.privateJwkFile and services.likeandscribe-frontpage.secrets.publicJwkFile must be set together
{
  system,
  configurations,
  ...
}:
(system [
  configurations.likeandscribe-frontpage
  {
    services.likeandscribe-frontpage.secrets.privateJwkFile = "/run/secrets/frontpage-private-jwk";
  }
])
.systemd
.services
