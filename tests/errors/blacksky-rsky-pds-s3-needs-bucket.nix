# expect: services.blacksky-rsky-pds.blobstore.s3.bucket must be set: the bucket blobs are stored in
{
  system,
  configurations,
  ...
}:
(system [configurations.blacksky-rsky-pds {services.blacksky-rsky-pds.blobstore.type = "s3";}]).systemd.services
