# expect: is not of type `null or DID (did:plc: and 24 base32 characters, or did:web: and a hostname)'
{
  system,
  configurations,
  ...
}:
(system [configurations.example-service {services.atproto-example.serviceDid = "did:plc:tooshort";}]).systemd.services
