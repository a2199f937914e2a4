{
  atproto.profiles.tangledKnot = {
    enable = true;
    hostname = "knot.example.test";
    owner = "did:plc:qfpnj4og54vl56wngdriaxug";
    acmeEmail = "admin@example.test";
  };
}
