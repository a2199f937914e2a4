{
  services.blacksky-rsky-pds = {
    enable = true;
    hostname = "pds.example.test";
    jwtKeyFile = "/run/secrets/pds-jwt-key";
    repoSigningKeyFile = "/run/secrets/pds-repo-signing-key";
    plcRotationKeyFile = "/run/secrets/pds-plc-rotation-key";
    adminPasswordFile = "/run/secrets/pds-admin-password";
    environment.PDS_BLOB_UPLOAD_LIMIT = "104857600";
    nginx = {
      enable = true;
      hostName = "pds.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
