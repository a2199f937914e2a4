{
  services.blacksky-palomar-sync = {
    enable = true;
    database.name = "bsky";
  };
}
