# expect: The option `services.tangled-appview.cookieSecretFile' was accessed but has no value defined.
{system, ...}:
(system [
  {
    services.tangled-appview = {
      enable = true;
      publicUrl = "https://tangled.example.test";
    };
  }
])
.systemd
.services
.tangled-appview
.serviceConfig
