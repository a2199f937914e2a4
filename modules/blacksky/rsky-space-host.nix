# rsky-space-host: host of a permissioned ATproto data space (community.blacksky.feed).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-space-host;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
in {
  options.services.blacksky-rsky-space-host =
    {
      enable = lib.mkEnableOption "rsky-space-host, the permissioned data space host";
      package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-space-host"] {};
      authorityDid = mkOption {
        type = types.nullOr atprotoLib.types.did;
        default = null;
        description = "DID of the space's authority (`SPACEHOST_AUTHORITY_DID`).";
      };
      signingKeyFile = common.mkSecretFileOption {
        description = "Hex secp256k1 key signing as the space (`SPACEHOST_SIGNING_KEY_HEX`).";
      };
      publicUrl = mkOption {
        type = types.nullOr atprotoLib.types.endpoint;
        default = null;
        example = "https://space.example.com";
        description = "Origin clients call (`SPACEHOST_PUBLIC_URL`); DPoP proofs are bound to it.";
      };
      policy = mkOption {
        type = types.enum ["member-list" "public" "managing-app"];
        default = "member-list";
        description = "Who may write to the space.";
      };
      members = mkOption {
        type = types.listOf atprotoLib.types.did;
        default = [];
        description = "Members under the `member-list` policy.";
      };
      managingApp = mkOption {
        type = types.nullOr (types.strMatching "did:[^#]+#.+");
        default = null;
        example = "did:web:app.example.com#space_manager";
        description = "Service id (`did#fragment`) of the managing app under the `managing-app` policy.";
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory DIDs are resolved with.";
      };
      nginx = common.mkNginxOptions "the space host";
      openFirewall = common.mkOpenFirewallOption;
    }
    // common.mkListenOptions {port = 3600;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions "services.blacksky-rsky-space-host" cfg {
          authorityDid = "the space authority's DID";
          publicUrl = "the public URL clients use";
        }
        ++ [
          {
            assertion = cfg.policy == "managing-app" -> cfg.managingApp != null;
            message = "services.blacksky-rsky-space-host.managingApp must be set when services.blacksky-rsky-space-host.policy is \"managing-app\"";
          }
        ];

      systemd.services.blacksky-rsky-space-host = common.mkHardenedService {
        description = "rsky-space-host permissioned data space host";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-space-host"];
        environment = {
          SPACEHOST_AUTHORITY_DID = cfg.authorityDid;
          SPACEHOST_PUBLIC_URL = cfg.publicUrl;
          SPACEHOST_POLICY = cfg.policy;
          SPACEHOST_MEMBERS = lib.concatStringsSep "," cfg.members;
          SPACEHOST_MANAGING_APP = cfg.managingApp;
          SPACEHOST_PLC_URL = cfg.plcDirectory;
          SPACEHOST_BIND = common.socketAddress cfg.host cfg.port;
          SPACEHOST_DB_PATH = "%S/blacksky-rsky-space-host/space_host.db";
        };
        credentials.signing-key = cfg.signingKeyFile;
        script = ''
          ${common.credentialExports {SPACEHOST_SIGNING_KEY_HEX = "signing-key";}}
          exec ${lib.getExe cfg.package}
        '';
        serviceConfig = {
          StateDirectory = "blacksky-rsky-space-host";
          # It shuts down cleanly on SIGINT only.
          KillSignal = "SIGINT";
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "blacksky-rsky-space-host" [cfg.plcDirectory])
    (common.mkNginxConfig {
      prefix = "services.blacksky-rsky-space-host";
      inherit cfg;
    })
  ]);
}
