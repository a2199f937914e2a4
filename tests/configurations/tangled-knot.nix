{
  services.tangled-knot = {
    enable = true;
    hostname = "knot.example.test";
    owner = "did:plc:qfpnj4og54vl56wngdriaxug";
    nginx = {
      enable = true;
      hostName = "knot.example.test";
    };
  };
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.test";
  };
}
