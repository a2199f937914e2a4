{
  imports = [./blacksky-rsky-feedgen.nix];
  services.blacksky-rsky-firehose = {
    enable = true;
    apiKeyFile = "/run/secrets/rsky-api-key";
  };
}
