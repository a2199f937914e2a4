# microcosm-rs: one workspace build, and the modules of its services.
{
  lib,
  pkgs,
  system,
  configurations,
  nixos,
  ...
}: let
  services = ["constellation" "ufos" "spacedust" "slingshot" "pocket"];
  packageOf = name: pkgs.atproto."microcosm-${name}";

  serviceOf = configuration: name: (system [configuration]).systemd.services.${name};
  execStart = name: extra: (serviceOf {imports = [configurations.${name} extra];} name).serviceConfig.ExecStart;
  argumentsOf = name: extra: lib.drop 1 (lib.splitString " " (execStart name extra));
in {
  oneDependencyBuildForEveryService = {
    expr = lib.unique (map (name: (packageOf name).cargoArtifacts.drvPath) services);
    expected = [pkgs.atproto.microcosm-rs.cargoArtifacts.drvPath];
  };

  servicePackagesAreWorkspaceMembers = {
    expr = map (name: (packageOf name).cargoExtraArgs) services;
    expected = [
      "--locked -p constellation --bin main --bin rocks-link-stats --bin rocks-restore-from-backup"
      "--locked -p ufos --bin ufos"
      "--locked -p spacedust --bin spacedust"
      "--locked -p slingshot --bin slingshot"
      "--locked -p pocket --bin pocket"
    ];
  };

  constellationIsInstalledUnderItsName = {
    expr = {
      inherit (pkgs.atproto.microcosm-constellation.meta) mainProgram;
      renamed = lib.hasInfix "mv $out/bin/main $out/bin/constellation" pkgs.atproto.microcosm-constellation.postInstall;
      license = pkgs.atproto.microcosm-constellation.meta.license.spdxId;
    };
    expected = {
      mainProgram = "constellation";
      renamed = true;
      license = "AGPL-3.0-only";
    };
  };

  constellationArguments = {
    expr = argumentsOf "microcosm-constellation" {};
    expected = [
      "--bind"
      "127.0.0.1:6789"
      "--jetstream"
      "wss://jetstream2.us-east.bsky.network/subscribe"
      "--backend"
      "rocks"
      "--data"
      "data"
      "--did-web-domain"
      "links.example.test"
      "--collect-metrics"
      "--bind-metrics"
      "127.0.0.1:8765"
      "--backup"
      "backups"
      "--backup-interval"
      "24"
      "--max-old-backups"
      "7"
    ];
  };

  extraArgumentsAreEscapedForSystemd = {
    expr = lib.hasSuffix "'--label=50%%' '$$HOME'" (execStart "microcosm-ufos" {services.microcosm-ufos.extraArgs = ["--label=50%" "$HOME"];});
    expected = true;
  };

  constellationRendersHardenedUnit = let
    unit = (nixos.units (system [configurations.microcosm-constellation]))."microcosm-constellation.service";
  in {
    expr = map (line: lib.elem line (lib.splitString "\n" unit)) ["StateDirectory=microcosm-constellation" "DynamicUser=true" "ProtectSystem=strict"];
    expected = [true true true];
  };

  everyServiceFollowsTheJetstreamRegistry = {
    expr = map (name: let
      service = "microcosm-${name}";
    in
      lib.hasInfix "--jetstream ws://127.0.0.1:6008/subscribe" (execStart service {atproto.endpoints.jetstream = "ws://127.0.0.1:6008";}))
    ["constellation" "ufos" "spacedust" "slingshot"];
    expected = [true true true true];
  };

  jetstreamOverridePerService = {
    expr = lib.hasInfix "--jetstream wss://jetstream.example.test/subscribe" (execStart "microcosm-ufos" {services.microcosm-ufos.jetstream = "wss://jetstream.example.test";});
    expected = true;
  };

  ufosArguments = {
    expr = argumentsOf "microcosm-ufos" {services.microcosm-ufos.jetstreamCompression = false;};
    expected = ["--bind" "127.0.0.1:9990" "--jetstream" "wss://jetstream2.us-east.bsky.network/subscribe" "--data" "." "--jetstream-no-zstd" "--collect-metrics" "--bind-metrics" "127.0.0.1:8765"];
  };

  ufosOpensItsPort = {
    expr = (system [configurations.microcosm-ufos]).networking.firewall.allowedTCPPorts;
    expected = [9990];
  };

  slingshotCachesInCacheDirectory = {
    expr = let
      service = serviceOf configurations.microcosm-slingshot "microcosm-slingshot";
    in {
      inherit (service.serviceConfig) CacheDirectory WorkingDirectory;
      arguments = lib.hasInfix "--cache-dir . --record-cache-memory-mb 64 --record-cache-disk-gb 8" service.serviceConfig.ExecStart;
    };
    expected = {
      CacheDirectory = "microcosm-slingshot";
      WorkingDirectory = "%C/microcosm-slingshot";
      arguments = true;
    };
  };

  spacedustListensWhereConfigured = {
    expr = lib.take 2 (argumentsOf "microcosm-spacedust" {services.microcosm-spacedust.host = "::1";});
    expected = ["--bind" "'[::1]:8090'"];
  };

  pocketInitialisesItsDatabaseOnce = {
    expr = let
      service = serviceOf configurations.microcosm-pocket "microcosm-pocket";
    in {
      init = lib.hasInfix ''--db "$STATE_DIRECTORY/prefs.sqlite3" --init-db'' service.preStart;
      run = lib.hasSuffix "--db prefs.sqlite3 --domain prefs.example.test" service.serviceConfig.ExecStart;
      inherit (service.serviceConfig) WorkingDirectory;
    };
    expected = {
      init = true;
      run = true;
      WorkingDirectory = "%S/microcosm-pocket";
    };
  };

  # The library crates are the crate directories of the pinned workspace source.
  libraryCratesComeFromTheWorkspaceSource = {
    expr = map (name: let
      crate = pkgs.atproto."microcosm-${name}";
    in {
      inherit (crate) version;
      inherit (crate.passthru) crate;
      copied = lib.hasInfix "cp -r ${builtins.unsafeDiscardStringContext pkgs.atproto.microcosm-rs.src}/${name} $out" (builtins.unsafeDiscardStringContext crate.buildCommand);
    }) ["jetstream" "links"];
    expected = [
      {
        version = "0.1.1";
        crate = "jetstream";
        copied = true;
      }
      {
        version = "0.1.0";
        crate = "links";
        copied = true;
      }
    ];
  };
}
