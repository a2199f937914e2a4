# The representative configuration of services.microcosm-allegedly, kept on loopback for the
# real Allegedly: the upstream PLC directory and the wrapped did-method-plc server are the stub
# (plc-stub.py), the database the test's PostgreSQL.
{lib, ...}: {
  imports = [../configurations/microcosm-allegedly.nix];

  services.microcosm-allegedly = {
    upstream = "http://127.0.0.1:28599";
    wrap = lib.mkForce "http://127.0.0.1:28599";
    port = 28582;
    upstreamThrottleMs = 10;
  };
}
