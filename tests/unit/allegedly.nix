# Allegedly: mirror and wrap modes, PostgreSQL setup, backfill, TLS by nginx or its own ACME.
{
  lib,
  pkgs,
  system,
  configurations,
  nixos,
  ...
}: let
  withSettings = settings: system [configurations.microcosm-allegedly {services.microcosm-allegedly = settings;}];
  config = withSettings {};
  service = config.systemd.services.microcosm-allegedly;
  backfill = config.systemd.services.microcosm-allegedly-backfill;
  localDatabase = "postgresql:///plc?host=/run/postgresql&user=plc";
  execLine = script: lib.last (lib.filter (lib.hasPrefix "exec ") (lib.splitString "\n" script));
in {
  packageIsTheAllegedlyBinary = {
    expr = {
      inherit (pkgs.atproto.microcosm-allegedly.members.allegedly) cargoExtraArgs version;
      inherit (pkgs.atproto.microcosm-allegedly.meta) mainProgram;
    };
    expected = {
      cargoExtraArgs = "--locked -p allegedly --bin allegedly";
      version = "0.3.2";
      mainProgram = "allegedly";
    };
  };

  mirrorArguments = {
    expr = execLine service.script;
    expected = "exec ${lib.getExe pkgs.atproto.microcosm-allegedly} --upstream https://plc.directory --upstream-throttle-ms 600 mirror --wrap http://127.0.0.1:2582 --wrap-pg '${localDatabase}' --bind 127.0.0.1:8000";
  };

  mirrorUpstreamIsNotTheHostRegistry = {
    expr = lib.hasInfix "--upstream https://plc.directory " (execLine (system [configurations.microcosm-allegedly {atproto.endpoints.plcDirectory = "http://127.0.0.1:8000";}]).systemd.services.microcosm-allegedly.script);
    expected = true;
  };

  mirrorRunsAsTheDatabaseOwner = {
    expr = {
      user = service.serviceConfig.User;
      inherit (config.services.postgresql) enable ensureDatabases;
      owners = map (user: user.name) config.services.postgresql.ensureUsers;
      ordered = lib.elem "postgresql.target" service.after;
    };
    expected = {
      user = "plc";
      enable = true;
      ensureDatabases = ["plc"];
      owners = ["plc"];
      ordered = true;
    };
  };

  wrapModeNeedsNoDatabase = let
    wrapped = withSettings {
      mode = "wrap";
      backfill.enable = lib.mkForce false;
      experimentalWriteUpstream = true;
    };
  in {
    expr = {
      postgresql = wrapped.services.postgresql.enable;
      arguments = execLine wrapped.systemd.services.microcosm-allegedly.script;
    };
    expected = {
      postgresql = false;
      arguments = "exec ${lib.getExe pkgs.atproto.microcosm-allegedly} --upstream https://plc.directory --upstream-throttle-ms 600 wrap --wrap http://127.0.0.1:2582 --bind 127.0.0.1:8000 --experimental-write-upstream";
    };
  };

  remoteDatabaseUrlIsACredential = let
    remote = withSettings {database.urlFile = "/run/secrets/plc-database-url";};
    remoteService = remote.systemd.services.microcosm-allegedly;
  in {
    expr = {
      credentials = remoteService.serviceConfig.LoadCredential;
      exported = lib.hasInfix ''export ALLEGEDLY_WRAP_PG="$(< "$CREDENTIALS_DIRECTORY/database-url")"'' remoteService.script;
      onCommandLine = lib.hasInfix "--wrap-pg" remoteService.script;
      postgresql = remote.services.postgresql.enable;
    };
    expected = {
      credentials = ["database-url:/run/secrets/plc-database-url"];
      exported = true;
      onCommandLine = false;
      postgresql = false;
    };
  };

  backfillIsAManualOneShot = {
    expr = {
      inherit (backfill) wantedBy;
      inherit (backfill.serviceConfig) Type User;
      arguments = execLine backfill.script;
    };
    expected = {
      wantedBy = [];
      Type = "oneshot";
      User = "plc";
      arguments = "exec ${lib.getExe pkgs.atproto.microcosm-allegedly} --upstream https://plc.directory --upstream-throttle-ms 600 backfill --http https://plc.t3.storage.dev/plc.directory/ --to-postgres '${localDatabase}' --catch-up";
    };
  };

  backfillBundlesFollowRegistry = {
    expr = lib.hasInfix "--http https://bundles.example.test/" (execLine (system [configurations.microcosm-allegedly {atproto.endpoints.plcBundles = "https://bundles.example.test";}]).systemd.services.microcosm-allegedly-backfill.script);
    expected = true;
  };

  ownAcmeBindsPrivilegedPorts = let
    acme = withSettings {
      nginx.enable = lib.mkForce false;
      openFirewall = true;
      acme = {
        enable = true;
        domains = ["plc.example.test"];
      };
    };
    acmeService = acme.systemd.services.microcosm-allegedly;
  in {
    expr = {
      arguments = lib.hasInfix "--acme-domain plc.example.test --acme-directory-url https://acme-v02.api.letsencrypt.org/directory" acmeService.script;
      cache = acmeService.environment.ALLEGEDLY_ACME_CACHE_PATH;
      bind = lib.hasInfix "--bind" acmeService.script;
      inherit (acmeService.serviceConfig) AmbientCapabilities CapabilityBoundingSet PrivateUsers;
      ports = acme.networking.firewall.allowedTCPPorts;
    };
    expected = {
      arguments = true;
      cache = "%S/microcosm-allegedly/acme";
      bind = false;
      AmbientCapabilities = ["CAP_NET_BIND_SERVICE"];
      CapabilityBoundingSet = ["CAP_NET_BIND_SERVICE"];
      PrivateUsers = false;
      ports = [80 443];
    };
  };

  nginxTerminatesTlsByDefault = {
    expr = config.services.nginx.virtualHosts."plc.example.test".locations."/".proxyPass;
    expected = "http://127.0.0.1:8000";
  };

  unitsRender = {
    expr = builtins.attrNames (nixos.units config);
    expected = ["microcosm-allegedly-backfill.service" "microcosm-allegedly.service"];
  };
}
