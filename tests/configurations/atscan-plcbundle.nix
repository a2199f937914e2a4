{
  services.atscan-plcbundle = {
    enable = true;
    websocket = true;
    resolver = true;
    nginx = {
      enable = true;
      hostName = "plc-bundles.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
