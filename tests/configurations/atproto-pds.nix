{
  services.atproto-pds = {
    enable = true;
    hostname = "pds.example.test";
    # Given as files; the DPoP secret is generated on first start.
    secrets = {
      jwtSecretFile = "/run/secrets/pds-jwt-secret";
      adminPasswordFile = "/run/secrets/pds-admin-password";
      plcRotationKeyFile = "/run/secrets/pds-plc-rotation-key";
      emailSmtpUrlFile = "/run/secrets/pds-smtp-url";
    };
    email = {
      fromAddress = "pds@example.test";
      contactAddress = "admin@example.test";
    };
    settings.PDS_PRIVACY_POLICY_URL = "https://example.test/privacy";
    nginx = {
      enable = true;
      wildcardCertificate = {
        enable = true;
        dnsProvider = "rfc2136";
        environmentFile = "/run/secrets/acme-rfc2136";
      };
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
