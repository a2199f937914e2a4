# Representative configuration of the example service (tests/example-service.nix).
{
  imports = [(import ../../modules/with-atproto-lib.nix ../example-service.nix)];
  services.atproto-example = {
    enable = true;
    serviceDid = "did:web:example.test";
    adminPasswordFile = "/run/secrets/example-admin-password";
    redis.createLocally = true;
    nginx = {
      enable = true;
      hostName = "example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
