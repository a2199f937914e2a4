# expect: services.haileyok-cocoon.s3.bucket must be set: the bucket of the backups and blobs
{
  system,
  configurations,
  ...
}:
(system [
  configurations.haileyok-cocoon
  {
    services.haileyok-cocoon = {
      s3.blobstore = true;
      s3AccessKeyFile = "/run/secrets/cocoon-s3-access-key";
      s3SecretKeyFile = "/run/secrets/cocoon-s3-secret-key";
    };
  }
])
.systemd
.services
