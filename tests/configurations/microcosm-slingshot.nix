{
  services.microcosm-slingshot = {
    enable = true;
    cache.recordDiskGigabytes = 8;
  };
}
