# rsky-relay: Blacksky's relay. It crawls PDSes and serves the combined firehose on
# 127.0.0.1:9000 (fixed upstream: put nginx in front). It resolves DIDs from a local copy of
# the PLC directory: `blacksky-rsky-relay-plc-import` (upstream's crawler.py) creates it and
# copies the directory's history at boot, resuming where it stopped (the first run takes
# hours, in the background); the relay keeps it current itself unless `plcExport` is off.
# Both use https://plc.directory, hard-coded upstream.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.blacksky-rsky-relay;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  port = 9000;
  url = common.localUrl (cfg // {inherit port;});
  endpoint = config.atproto.endpoints.relay;
  python = pkgs.python3.withPackages (python: [python.requests]);

  # Both units work in the state directory as the same (dynamic) user.
  stateSettings = {
    User = "blacksky-rsky-relay";
    StateDirectory = "blacksky-rsky-relay";
    WorkingDirectory = "%S/blacksky-rsky-relay";
  };
in {
  options.services.blacksky-rsky-relay = {
    enable = lib.mkEnableOption "rsky-relay, Blacksky's ATproto relay";
    package = lib.mkPackageOption pkgs ["atproto" "blacksky-rsky-relay"] {};
    discoveryUpstreams = mkOption {
      type = types.listOf types.str;
      # On a host whose relay endpoint is this relay (service discovery), the public relay.
      default = [
        (common.hostOf (
          if endpoint == url
          then atprotoLib.publicEndpoints.relay
          else endpoint
        ))
      ];
      defaultText = lib.literalExpression "[ (host of config.atproto.endpoints.relay, or of the public relay when that is this relay) ]";
      example = ["relay1.us-east.bsky.network" "bsky.network"];
      description = "Relays (host names) whose host lists are polled to discover PDSes.";
    };
    lenientValidation = mkOption {
      type = types.bool;
      default = true;
      description = "Whether to publish events that strict validation would defer or drop.";
    };
    plcExport = mkOption {
      type = types.bool;
      default = true;
      description = "Whether the relay keeps polling the PLC directory's export itself.";
    };
    adminPasswordFile = common.mkSecretFileOption {
      description = "Bearer token of the admin API (`RELAY_ADMIN_PASSWORD`); without it the admin API is off.";
      nullable = true;
    };
    metrics = common.mkMetricsOptions {port = 9091;};
    environment = common.mkEnvironmentOption {
      description = "Further variables, e.g. `RUST_LOG`.";
    };
    nginx = common.mkNginxOptions "the relay";
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.blacksky-rsky-relay-plc-import = common.mkHardenedService {
        description = "rsky-relay copy of the PLC directory";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-relay"];
        serviceConfig =
          stateSettings
          // {
            # Runs in the background: boot and switches do not wait for the copy.
            Type = "exec";
            Restart = "no";
            ExecStart = "${lib.getExe python} ${cfg.package}/share/rsky-relay/crawler.py";
          };
      };

      systemd.services.blacksky-rsky-relay = common.mkHardenedService {
        description = "rsky-relay ATproto relay";
        documentation = ["https://github.com/blacksky-algorithms/rsky/tree/main/rsky-relay"];
        # The import creates the database's tables as it starts.
        after = ["blacksky-rsky-relay-plc-import.service"];
        wants = ["blacksky-rsky-relay-plc-import.service"];
        environment =
          {
            RELAY_DISCOVERY_UPSTREAMS = lib.concatStringsSep "," cfg.discoveryUpstreams;
            RELAY_LENIENT_VALIDATION = cfg.lenientValidation;
            RELAY_METRICS_LISTEN =
              if cfg.metrics.enable
              then common.socketAddress cfg.metrics.host cfg.metrics.port
              else null;
          }
          // cfg.environment;
        credentials.admin-password = cfg.adminPasswordFile;
        script = ''
          ${lib.optionalString (cfg.adminPasswordFile != null) (common.credentialExports {RELAY_ADMIN_PASSWORD = "admin-password";})}
          exec ${common.execCommand cfg.package (lib.optional (!cfg.plcExport) "--no-plc-export")}
        '';
        serviceConfig = stateSettings;
      };
    }
    (common.mkProvider {
      unit = "blacksky-rsky-relay";
      inherit url;
      endpoints.relay = url;
      addresses = [(common.listenUrl "127.0.0.1" port)];
    })
    (common.mkConsumer "blacksky-rsky-relay" cfg.discoveryUpstreams)
    (common.mkNginxConfig {
      prefix = "services.blacksky-rsky-relay";
      inherit cfg port;
    })
  ]);
}
