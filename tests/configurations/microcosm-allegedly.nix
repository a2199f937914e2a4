{
  services.microcosm-allegedly = {
    enable = true;
    wrap = "http://127.0.0.1:2582";
    backfill.enable = true;
    nginx = {
      enable = true;
      hostName = "plc.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
