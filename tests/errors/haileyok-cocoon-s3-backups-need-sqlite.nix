# expect: services.haileyok-cocoon.s3.backups copies the SQLite database only
{
  system,
  configurations,
  ...
}:
(system [
  configurations.haileyok-cocoon
  {
    services.haileyok-cocoon = {
      database.type = "postgresql";
      s3 = {
        backups = true;
        bucket = "pds-backups";
      };
      s3AccessKeyFile = "/run/secrets/cocoon-s3-access-key";
      s3SecretKeyFile = "/run/secrets/cocoon-s3-secret-key";
    };
  }
])
.systemd
.services
