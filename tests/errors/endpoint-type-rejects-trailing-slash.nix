# expect: is not of type `HTTP(S) endpoint URL without a trailing slash'
{
  system,
  configurations,
  ...
}:
(system [configurations.example-service {atproto.endpoints.plcDirectory = "https://plc.example.test/";}]).systemd.services
