{
  atproto.profiles.sovereign = {
    enable = true;
    domain = "example.test";
    acmeEmail = "admin@example.test";
  };

  # The did-method-plc server the PLC mirror wraps, run on this host with the mirror's
  # database (atpkgs does not package it).
  services.microcosm-allegedly.wrap = "http://127.0.0.1:2582";

  # What atpkgs does not run, run elsewhere: a Jetstream, an Ozone moderation service and a
  # Bluesky AppView. (Or keep Bluesky's: atproto.profiles.sovereign.publicNetwork.)
  atproto.endpoints = {
    jetstream = "wss://jetstream.example.test";
    moderation = "https://ozone.example.test";
    moderationDid = "did:web:ozone.example.test";
    appview = "https://bsky.example.test";
    appviewDid = "did:web:bsky.example.test";
    publicAppview = "https://bsky.example.test";
  };
}
