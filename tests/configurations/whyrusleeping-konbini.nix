{
  services.whyrusleeping-konbini = {
    enable = true;
    handle = "alice.example.test";
    passwordFile = "/run/secrets/konbini-app-password";
    redis.enable = true;
    nginx = {
      enable = true;
      hostName = "appview.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
