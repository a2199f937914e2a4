{
  services.microcosm-constellation = {
    enable = true;
    didWebDomain = "links.example.test";
    backups = {
      enable = true;
      keep = 7;
    };
    metrics.enable = true;
    nginx = {
      enable = true;
      hostName = "links.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
