{
  services.blacksky-rsky-daemon = {
    enable = true;
    spaceUri = "at://did:web:space.example.test/space/community.blacksky.feed/main";
    spaceHostUrl = "https://space.example.test";
    serviceIdentity = "did:web:sync.example.test";
    pdsUrl = "https://pds.example.test";
    pdsAccessTokenFile = "/run/secrets/daemon-token";
  };
}
