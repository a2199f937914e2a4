{
  services.blacksky-rsky-feedgen = {
    enable = true;
    hostname = "feeds.example.test";
    apiKeyFile = "/run/secrets/rsky-api-key";
    environment.TRENDING_PERCENTILE = "0.95";
  };
}
