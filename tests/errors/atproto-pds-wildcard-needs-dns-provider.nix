# expect: services.atproto-pds.nginx.wildcardCertificate needs nginx.enable and nginx.wildcardCertificate.dnsProvider
{system, ...}:
(system [
  {
    services.atproto-pds = {
      enable = true;
      hostname = "pds.example.test";
      nginx = {
        enable = true;
        wildcardCertificate.enable = true;
      };
    };
    security.acme = {
      acceptTerms = true;
      defaults.email = "admin@example.test";
    };
  }
])
.systemd
.services
