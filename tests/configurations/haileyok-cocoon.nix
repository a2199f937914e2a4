{
  services.haileyok-cocoon = {
    enable = true;
    hostname = "pds.example.test";
    contactEmail = "admin@example.test";
    smtp = {
      host = "smtp.example.test";
      user = "pds";
      fromAddress = "pds@example.test";
      fromName = "Example PDS";
    };
    smtpPasswordFile = "/run/secrets/cocoon-smtp-password";
    metrics.enable = true;
    nginx.enable = true;
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
