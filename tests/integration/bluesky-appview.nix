# The representative configuration of services.bluesky-appview, kept on loopback for the real
# AppView: the PLC directory is the stub (plc-stub.py), the firehose a PDS the test starts.
{lib, ...}: {
  imports = [../configurations/bluesky-appview.nix];

  atproto.endpoints = {
    plcDirectory = lib.mkForce "http://127.0.0.1:28599";
    relay = lib.mkForce "http://127.0.0.1:28593";
  };

  services.bluesky-appview = {
    port = 28584;
    dataplane.port = 28586;
    bsync.port = 28585;
    # The handle resolution of the representative configuration needs a resolver here.
    settings.BSKY_HANDLE_RESOLVE_NAMESERVERS = lib.mkForce null;
  };
}
