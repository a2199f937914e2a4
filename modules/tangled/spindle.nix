# Tangled spindle: runs CI pipelines of repositories on Tangled knots, in Docker containers
# whose images come from a Nixery instance. Membership in the `docker` group makes the unit's
# sandbox no real boundary: Docker can do anything root can.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.tangled-spindle;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
in {
  options.services.tangled-spindle =
    {
      enable = lib.mkEnableOption "a Tangled spindle (CI runner)";
      package = lib.mkPackageOption pkgs ["atproto" "tangled-spindle"] {};
      hostname = mkOption {
        type = types.nullOr atprotoLib.types.hostname;
        default = null;
        example = "spindle.example.com";
        description = "Public hostname; the spindle is `did:web:<hostname>` (`SPINDLE_SERVER_HOSTNAME`).";
      };
      owner = mkOption {
        type = types.nullOr atprotoLib.types.did;
        default = null;
        description = "DID of the spindle's owner (`SPINDLE_SERVER_OWNER`).";
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory identities are resolved with (`SPINDLE_SERVER_PLC_URL`).";
      };
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance the spindle follows (`/subscribe` is appended).";
      };
      nixery = common.mkEndpointOption config {
        name = "tangledNixery";
        description = "Nixery instance pipeline images are pulled from (its host is used).";
      };
      workflowTimeout = mkOption {
        type = types.str;
        default = "5m";
        description = "Time limit of one workflow (Go duration).";
      };
      maxJobCount = mkOption {
        type = types.ints.positive;
        default = 2;
        description = "Jobs run at the same time.";
      };
      queueSize = mkOption {
        type = types.ints.positive;
        default = 100;
        description = "Jobs waiting at most.";
      };
      secrets = {
        provider = mkOption {
          type = types.enum ["sqlite" "openbao"];
          default = "sqlite";
          description = "Where pipeline secrets are kept: the spindle's database, or OpenBao.";
        };
        openbao = {
          proxyAddress = mkOption {
            type = atprotoLib.types.endpoint;
            default = "http://127.0.0.1:8200";
            description = "OpenBao agent proxy.";
          };
          mount = mkOption {
            type = types.str;
            default = "spindle";
            description = "OpenBao secrets mount.";
          };
        };
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "the spindle";
    }
    // common.mkListenOptions {port = 6555;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.tangled-spindle" cfg {
        hostname = "the spindle's public hostname";
        owner = "the DID of the spindle's owner";
      };

      virtualisation.docker.enable = true;

      systemd.services.tangled-spindle = common.mkHardenedService {
        description = "Tangled spindle CI runner";
        documentation = ["https://tangled.org/@tangled.org/core"];
        after = ["docker.service"];
        requires = ["docker.service"];
        environment = {
          SPINDLE_SERVER_HOSTNAME = cfg.hostname;
          SPINDLE_SERVER_OWNER = cfg.owner;
          SPINDLE_SERVER_LISTEN_ADDR = common.socketAddress cfg.host cfg.port;
          SPINDLE_SERVER_DB_PATH = "%S/tangled-spindle/spindle.db";
          SPINDLE_SERVER_LOG_DIR = "%L/tangled-spindle";
          SPINDLE_SERVER_JETSTREAM_ENDPOINT = "${cfg.jetstream}/subscribe";
          SPINDLE_SERVER_PLC_URL = cfg.plcDirectory;
          SPINDLE_SERVER_MAX_JOB_COUNT = cfg.maxJobCount;
          SPINDLE_SERVER_QUEUE_SIZE = cfg.queueSize;
          SPINDLE_SERVER_SECRETS_PROVIDER = cfg.secrets.provider;
          SPINDLE_SERVER_SECRETS_OPENBAO_PROXY_ADDR = cfg.secrets.openbao.proxyAddress;
          SPINDLE_SERVER_SECRETS_OPENBAO_MOUNT = cfg.secrets.openbao.mount;
          SPINDLE_NIXERY_PIPELINES_NIXERY = common.hostOf cfg.nixery;
          SPINDLE_NIXERY_PIPELINES_WORKFLOW_TIMEOUT = cfg.workflowTimeout;
        };
        serviceConfig = {
          ExecStart = lib.getExe cfg.package;
          StateDirectory = "tangled-spindle";
          LogsDirectory = "tangled-spindle";
          # Pipelines run through the Docker daemon's socket.
          SupplementaryGroups = ["docker"];
        };
      };
      networking.firewall.allowedTCPPorts = common.firewallPorts cfg;
    }
    (common.mkConsumer "tangled-spindle" [cfg.plcDirectory cfg.jetstream cfg.nixery])
    (common.mkNginxConfig {
      prefix = "services.tangled-spindle";
      inherit cfg;
    })
  ]);
}
