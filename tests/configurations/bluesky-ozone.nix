{
  services.bluesky-ozone = {
    enable = true;
    serverDid = "did:plc:abcdefghijklmnopqrstuvwx";
    secrets.signingKeyFile = "/run/secrets/ozone-signing-key";
    moderatorDids = ["did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"];
    # The PDS hosting the labeler's account, for takedowns there.
    pds = {
      url = "https://pds.example.test";
      did = "did:web:pds.example.test";
    };
    nginx = {
      enable = true;
      hostName = "ozone.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
