{
  services.tangled-appview = {
    enable = true;
    cookieSecretFile = "/run/secrets/tangled-cookie-secret";
    appPasswordFile = "/run/secrets/tangled-app-password";
    nginx = {
      enable = true;
      hostName = "tangled.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
