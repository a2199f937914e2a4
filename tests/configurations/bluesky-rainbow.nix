{
  imports = [./bluesky-relay.nix];
  services.bluesky-rainbow = {
    enable = true;
    nextCrawlers = ["https://bsky.network"];
  };
}
