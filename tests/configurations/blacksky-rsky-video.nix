{
  services.blacksky-rsky-video = {
    enable = true;
    serviceDid = "did:web:video.example.test";
    publicUrl = "https://video.example.test";
    bunny = {
      libraryId = "12345";
      pullZone = "example-videos";
      apiKeyFile = "/run/secrets/bunny-api-key";
      tokenKeyFile = "/run/secrets/bunny-token-key";
    };
    signingKeyFile = "/run/secrets/video-signing-key.pem";
  };
}
