# plcbundle (atscan-plcbundle): package and module.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  package = pkgs.atproto.atscan-plcbundle;
  serviceWith = extra: (system [configurations.atscan-plcbundle extra]).systemd.services.atscan-plcbundle;
  argumentsOf = service: lib.drop 1 (lib.splitString " " service.serviceConfig.ExecStart);
in {
  packagePinsTheNurVendorHash = {
    expr = {
      inherit (package) version vendorHash CGO_ENABLED;
      inherit (package.src) outputHash;
      inherit (package.drvAttrs) subPackages;
      versions = lib.filter (lib.hasPrefix "-X ") package.drvAttrs.ldflags;
    };
    expected = {
      version = "0.5.0-alpha.4";
      vendorHash = "sha256-IAYFAsFtAfnBz/U56bQqUZQf8CeohW7fMV6BAxW7SkI=";
      CGO_ENABLED = 1;
      outputHash = "sha256-msSTk797cghWhc1J4If9YwfyMXjapZBIVoMKOD+C6dE=";
      subPackages = ["cmd/plcbundle"];
      versions = [
        "-X main.version=0.5.0-alpha.4"
        "-X tangled.org/atscan.net/plcbundle/cmd/plcbundle/commands.version=0.5.0-alpha.4"
      ];
    };
  };

  serverArguments = {
    expr = argumentsOf (serviceWith {});
    expected = ["server" "--dir" "." "--host" "127.0.0.1" "--port" "8080" "--sync" "--plc" "https://plc.directory" "--interval" "1m" "--websocket" "--resolver"];
  };

  readOnlyMirrorOnIpv6FollowsNoDirectory = {
    expr = argumentsOf (serviceWith {
      services.atscan-plcbundle = {
        host = "::1";
        sync.enable = false;
        websocket = lib.mkForce false;
        resolver = lib.mkForce false;
        handleResolver = "https://resolver.example.test";
      };
    });
    expected = ["server" "--dir" "." "--host" "'[::1]'" "--port" "8080" "--handle-resolver" "https://resolver.example.test"];
  };

  syncFollowsThePlcRegistry = {
    expr = lib.hasInfix "--plc http://127.0.0.1:2582 " (serviceWith {atproto.endpoints.plcDirectory = "http://127.0.0.1:2582";}).serviceConfig.ExecStart;
    expected = true;
  };

  archiveIsTheStateDirectory = {
    expr = {
      inherit ((serviceWith {}).serviceConfig) StateDirectory WorkingDirectory DynamicUser;
    };
    expected = {
      StateDirectory = "atscan-plcbundle";
      WorkingDirectory = "%S/atscan-plcbundle";
      DynamicUser = true;
    };
  };
}
