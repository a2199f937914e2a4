# expect: services.atproto-pds.blobstore.s3.bucket must be set: the bucket blobs are kept in
{system, ...}:
(system [
  {
    services.atproto-pds = {
      enable = true;
      hostname = "pds.example.test";
      blobstore.type = "s3";
    };
  }
])
.systemd
.services
