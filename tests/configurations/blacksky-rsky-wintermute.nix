{
  services.blacksky-rsky-wintermute = {
    enable = true;
    database.name = "bsky";
    environment.INDEXER_WORKERS = "8";
  };
}
