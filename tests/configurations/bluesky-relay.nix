{
  services.bluesky-relay = {
    enable = true;
    database.type = "postgresql";
    adminPasswordFile = "/run/secrets/relay-admin-password";
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
