# expect: services.tangled-knot.owner must be set: the DID of the knot's owner
{system, ...}:
(system [
  {
    services.tangled-knot = {
      enable = true;
      hostname = "knot.example.test";
    };
  }
])
.systemd
.services
