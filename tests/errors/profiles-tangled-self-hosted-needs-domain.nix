# expect: atproto.profiles.tangledSelfHosted.domain must be set: the forge's domain
{system, ...}:
(system [
  {
    atproto.profiles.tangledSelfHosted = {
      enable = true;
      owner = "did:plc:qfpnj4og54vl56wngdriaxug";
      cookieSecretFile = "/run/secrets/cookie";
    };
  }
])
.systemd
.services
