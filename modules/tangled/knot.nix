# Tangled knot: hosts git repositories for the Tangled code forge. Repositories live in the
# home of a system user (`git` by default) that sshd lets in with keys the knot serves
# (AuthorizedKeysCommand) and a forced `knot guard` command. sshd runs git as that user, so
# this is the one Tangled unit that cannot use DynamicUser.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.tangled-knot;
  common = atprotoLib.service;
  inherit (lib) mkOption types;
  home = config.users.users.${cfg.gitUser}.home;
  internalApi = "http://${common.socketAddress "127.0.0.1" cfg.internalPort}";
in {
  options.services.tangled-knot =
    {
      enable = lib.mkEnableOption "a Tangled knot (git server)";
      package = lib.mkPackageOption pkgs ["atproto" "tangled-knot"] {};
      hostname = mkOption {
        type = types.nullOr atprotoLib.types.hostname;
        default = null;
        example = "knot.example.com";
        description = "Public hostname of the knot (`KNOT_SERVER_HOSTNAME`).";
      };
      owner = mkOption {
        type = types.nullOr atprotoLib.types.did;
        default = null;
        example = "did:plc:qfpnj4og54vl56wngdriaxug";
        description = "DID of the knot's owner (`KNOT_SERVER_OWNER`).";
      };
      appview = common.mkEndpointOption config {
        name = "tangledAppview";
        description = "Tangled AppView the knot belongs to (`APPVIEW_ENDPOINT`).";
      };
      jetstream = common.mkEndpointOption config {
        name = "jetstream";
        type = atprotoLib.types.websocketEndpoint;
        description = "Jetstream instance the knot follows (`/subscribe` is appended).";
      };
      plcDirectory = common.mkEndpointOption config {
        name = "plcDirectory";
        description = "PLC directory identities are resolved with.";
      };
      gitUser = mkOption {
        type = types.str;
        default = "git";
        description = "System user owning the repositories; clones use `<gitUser>@<hostname>`.";
      };
      mainBranch = mkOption {
        type = types.str;
        default = "main";
        description = "Default branch of new repositories.";
      };
      internalPort = mkOption {
        type = types.port;
        default = 5444;
        description = "Loopback port of the internal API that sshd's key lookup and the git guard call.";
      };
      openFirewall = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to open the knot's port and SSH (22) in the firewall.";
      };
      nginx = common.mkNginxOptions "the knot";
    }
    // common.mkListenOptions {port = 5555;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = common.mkRequiredAssertions "services.tangled-knot" cfg {
        hostname = "the knot's public hostname";
        owner = "the DID of the knot's owner";
      };

      # sshd runs the forced `knot guard` command through the git user's login shell.
      users.users.${cfg.gitUser} = {
        createHome = true;
        useDefaultShell = true;
      };

      # git is run by sshd's forced command (`knot guard`) as the git user.
      environment.systemPackages = [pkgs.git cfg.package];

      services.openssh = {
        enable = true;
        extraConfig = ''
          Match User ${cfg.gitUser}
              AuthorizedKeysCommand /etc/ssh/tangled-knot-keys
              AuthorizedKeysCommandUser nobody
        '';
      };
      # sshd refuses a key command in a group-writable directory such as the Nix store.
      environment.etc."ssh/tangled-knot-keys" = {
        mode = "0555";
        text = ''
          #!${pkgs.runtimeShell}
          exec ${lib.getExe cfg.package} keys -output authorized-keys \
            -internal-api ${internalApi} -git-dir ${home} -log-path /dev/null
        '';
      };

      systemd.services.tangled-knot = common.mkHardenedService {
        description = "Tangled knot git server";
        documentation = ["https://tangled.org/@tangled.org/core"];
        after = ["sshd.service"];
        environment = {
          KNOT_SERVER_HOSTNAME = cfg.hostname;
          KNOT_SERVER_OWNER = cfg.owner;
          KNOT_SERVER_LISTEN_ADDR = common.socketAddress cfg.host cfg.port;
          KNOT_SERVER_INTERNAL_LISTEN_ADDR = common.socketAddress "127.0.0.1" cfg.internalPort;
          KNOT_SERVER_DB_PATH = "%S/tangled-knot/knotserver.db";
          KNOT_SERVER_PLC_URL = cfg.plcDirectory;
          KNOT_SERVER_JETSTREAM_ENDPOINT = "${cfg.jetstream}/subscribe";
          KNOT_REPO_SCAN_PATH = "%S/tangled-knot";
          KNOT_REPO_MAIN_BRANCH = cfg.mainBranch;
          APPVIEW_ENDPOINT = cfg.appview;
        };
        serviceConfig = {
          ExecStart = "${lib.getExe cfg.package} server";
          # The repositories belong to the git user sshd logs in.
          DynamicUser = false;
          User = cfg.gitUser;
          Group = cfg.gitUser;
          StateDirectory = "tangled-knot";
          StateDirectoryMode = "0750";
          WorkingDirectory = "%S/tangled-knot";
        };
      };

      networking.firewall.allowedTCPPorts = lib.optionals cfg.openFirewall [22 cfg.port];
    }
    (common.mkSystemUser {
      name = cfg.gitUser;
      home = "/var/lib/tangled-knot";
    })
    (common.mkConsumer "tangled-knot" [cfg.appview cfg.jetstream cfg.plcDirectory])
    (common.mkNginxConfig {
      prefix = "services.tangled-knot";
      inherit cfg;
    })
  ]);
}
