{
  atproto.profiles.sovereign = {
    enable = true;
    domain = "example.test";
    acmeEmail = "admin@example.test";
  };

  # The did-method-plc server the PLC mirror wraps, run on this host with the mirror's
  # database (atpkgs does not package it).
  services.microcosm-allegedly.wrap = "http://127.0.0.1:2582";

  # What the profile does not run, run elsewhere: a Jetstream and an Ozone moderation service.
  # (Or keep Bluesky's: atproto.profiles.sovereign.publicNetwork.)
  atproto.endpoints = {
    jetstream = "wss://jetstream.example.test";
    moderation = "https://ozone.example.test";
    moderationDid = "did:web:ozone.example.test";
  };
}
