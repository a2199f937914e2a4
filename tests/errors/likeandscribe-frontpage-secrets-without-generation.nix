# expect: services.likeandscribe-frontpage.secrets.cronSecretFile must be set
{
  system,
  configurations,
  ...
}:
(system [
  configurations.likeandscribe-frontpage
  {
    services.likeandscribe-frontpage.generateSecrets = false;
  }
])
.systemd
.services
