# The representative configuration of services.bluesky-ozone, kept on loopback for the real
# Ozone: the PLC directory and the AppView are the stub (plc-stub.py).
{lib, ...}: {
  imports = [../configurations/bluesky-ozone.nix];

  atproto.endpoints = {
    plcDirectory = "http://127.0.0.1:28599";
    appview = "http://127.0.0.1:28599";
  };

  services.bluesky-ozone = {
    port = 28587;
    pds = {
      url = lib.mkForce null;
      did = lib.mkForce null;
    };
  };
}
