{
  services.tangled-spindle = {
    enable = true;
    hostname = "spindle.example.test";
    owner = "did:plc:qfpnj4og54vl56wngdriaxug";
    maxJobCount = 4;
  };
}
