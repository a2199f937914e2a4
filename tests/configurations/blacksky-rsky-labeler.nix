{
  services.blacksky-rsky-labeler = {
    enable = true;
    moderationDid = "did:plc:ar7c4by46qjdydhdevvrndac";
    account = "moderation@example.test";
    passwordFile = "/run/secrets/labeler-password";
    environment.MOD_SERVICE_LABEL = "spam";
  };
}
