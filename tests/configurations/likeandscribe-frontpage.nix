{
  services.likeandscribe-frontpage = {
    enable = true;
    hostName = "frontpage.example.test";
    nginx.enable = true;
    discordWebhookUrlFile = "/run/secrets/frontpage-discord-webhook";
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
