{
  services.blacksky-rsky-relay = {
    enable = true;
    adminPasswordFile = "/run/secrets/relay-admin-password";
    metrics.enable = true;
    nginx = {
      enable = true;
      hostName = "relay.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
