{
  services.bluesky-hepa = {
    enable = true;
    ozone = {
      did = "did:plc:ar7c4by46qjdydhdevvrndac";
      adminTokenFile = "/run/secrets/ozone-admin-token";
    };
  };
}
