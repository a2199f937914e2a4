{
  imports = [./blacksky-rsky-feedgen.nix];
  services.blacksky-rsky-jetstream-subscriber = {
    enable = true;
    collections = ["app.bsky.feed.post" "app.bsky.feed.like"];
    apiKeyFile = "/run/secrets/rsky-api-key";
  };
}
