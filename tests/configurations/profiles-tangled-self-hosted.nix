{
  atproto.profiles.tangledSelfHosted = {
    enable = true;
    domain = "code.example.test";
    owner = "did:plc:qfpnj4og54vl56wngdriaxug";
    cookieSecretFile = "/run/secrets/tangled-cookie-secret";
    acmeEmail = "admin@example.test";
  };
}
