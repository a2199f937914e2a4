{
  services.witchcraft-systems-pds-dash = {
    enable = true;
    hostName = "dash.example.test";
    pds = "https://pds.example.test";
    theme = "witchcraft";
    frontend = "https://bsky.app";
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
