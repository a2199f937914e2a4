# expect: Offender: svc has not been found among databases.
{system, ...}:
(system [
  {
    services.postgresql = {
      enable = true;
      ensureUsers = [
        {
          name = "svc";
          ensureDBOwnership = true;
        }
      ];
    };
  }
])
.services
