{
  # An AppView of this host's own small network: its relay's firehose, its PLC mirror.
  atproto.endpoints = {
    relay = "https://relay.example.test";
    plcDirectory = "https://plc.example.test";
  };
  services.bluesky-appview = {
    enable = true;
    # The signing key as a file; the bsync key is generated on first start.
    secrets = {
      signingKeyFile = "/run/secrets/appview-signing-key";
      adminPasswordFile = "/run/secrets/appview-admin-password";
    };
    settings.BSKY_HANDLE_RESOLVE_NAMESERVERS = "127.0.0.53";
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
