# The representative configuration of services.atproto-pds, kept on loopback for the real
# PDS: the PLC directory, relay, AppView and moderation service are the stub (plc-stub.py).
{lib, ...}: {
  imports = [../configurations/atproto-pds.nix];

  atproto.endpoints = {
    plcDirectory = "http://127.0.0.1:28599";
    relay = "http://127.0.0.1:28599";
    appview = "http://127.0.0.1:28599";
    moderation = "http://127.0.0.1:28599";
  };

  services.atproto-pds = {
    hostname = lib.mkForce "pds.test";
    port = 28583;
    # No SMTP server here.
    email.fromAddress = lib.mkForce null;
    secrets.emailSmtpUrlFile = lib.mkForce null;
    # Made on first start, as they are whenever no file is given.
    secrets.jwtSecretFile = lib.mkForce null;
    secrets.plcRotationKeyFile = lib.mkForce null;
  };
}
