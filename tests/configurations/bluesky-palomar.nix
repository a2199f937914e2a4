{
  services.bluesky-palomar = {
    enable = true;
    opensearch.passwordFile = "/run/secrets/opensearch-password";
  };
}
