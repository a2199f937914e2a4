{
  services.blacksky-rsky-space-host = {
    enable = true;
    authorityDid = "did:web:space.example.test";
    signingKeyFile = "/run/secrets/space-signing-key";
    publicUrl = "https://space.example.test";
    members = ["did:plc:z72i7hdynmk6r22z27h6tvur"];
  };
}
