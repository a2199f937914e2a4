{
  services.teal-fm-teal = {
    enable = true;
    aqua = {
      publicKeyMultibase = "zQ3sheEnMKhEK87PSu4P2mjAevViqHcjKmgxBWsDQPjLRM9wP";
      nginx = {
        enable = true;
        hostName = "aqua.example.test";
      };
    };
    status.nginx = {
      enable = true;
      hostName = "status.example.test";
    };
    cadet.metrics.enable = true;
    amethyst = {
      enable = true;
      hostName = "teal.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
