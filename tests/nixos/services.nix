# The NixOS options our modules set besides systemd: users, PostgreSQL, Redis, nginx,
# ACME, firewall, environment, assertions and warnings. Names, types, defaults and the
# assertions that fire on misuse follow the NixOS modules at our pin.
{
  config,
  lib,
  pkgs,
  ...
}: let
  inherit (lib) mkOption types;

  option = type: default: mkOption {inherit type default;};
  bool = option types.bool false;
  nullOrStr = option (types.nullOr types.str) null;

  userOptions = {name, ...}: {
    options = {
      name = option types.str name;
      isSystemUser = bool;
      isNormalUser = bool;
      group = option types.str "";
      extraGroups = option (types.listOf types.str) [];
      home = option types.path "/var/empty";
      createHome = bool;
      description = option types.str "";
      uid = option (types.nullOr types.int) null;
      shell = option (types.nullOr (types.either types.shellPackage types.path)) null;
      useDefaultShell = bool;
      openssh.authorizedKeys.keys = option (types.listOf types.singleLineStr) [];
    };
  };

  redisServer = {name, ...}: {
    options = {
      enable = bool;
      port = option types.port (
        if name == ""
        then 6379
        else 0
      );
      bind = option (types.nullOr types.str) "127.0.0.1";
      unixSocket = option (types.nullOr types.path) "/run/redis-${name}/redis.sock";
      unixSocketPerm = option types.int 660;
      user = option types.str ("redis" + lib.optionalString (name != "") "-${name}");
      group = option types.str config.services.redis.servers.${name}.user;
      requirePass = nullOrStr;
      requirePassFile = option (types.nullOr types.path) null;
      openFirewall = bool;
      appendOnly = bool;
      databases = option types.int 16;
      save = option (types.listOf (types.listOf types.int)) [];
      settings = option (types.attrsOf (types.oneOf [types.bool types.int types.str (types.listOf types.str)])) {};
    };
  };

  location = {
    options = {
      proxyPass = nullOrStr;
      proxyWebsockets = bool;
      recommendedProxySettings = option types.bool config.services.nginx.recommendedProxySettings;
      root = option (types.nullOr types.path) null;
      alias = option (types.nullOr types.path) null;
      index = nullOrStr;
      tryFiles = nullOrStr;
      return = option (types.nullOr (types.oneOf [types.str types.int])) null;
      extraConfig = option types.lines "";
      priority = option types.int 1000;
      basicAuthFile = option (types.nullOr types.path) null;
    };
  };

  virtualHost = {name, ...}: {
    options = {
      serverName = nullOrStr;
      serverAliases = option (types.listOf types.str) [];
      forceSSL = bool;
      addSSL = bool;
      onlySSL = bool;
      rejectSSL = bool;
      enableACME = bool;
      useACMEHost = nullOrStr;
      acmeRoot = option (types.nullOr types.str) "/var/lib/acme/acme-challenge";
      http2 = option types.bool true;
      kTLS = bool;
      default = bool;
      listen = option (types.listOf types.attrs) [];
      locations = option (types.attrsOf (types.submodule location)) {};
      extraConfig = option types.lines "";
      root = option (types.nullOr types.path) null;
    };
  };

  cert = {
    options = {
      email = nullOrStr;
      domain = nullOrStr;
      extraDomainNames = option (types.listOf types.str) [];
      webroot = nullOrStr;
      dnsProvider = nullOrStr;
      # DNS-01 credentials (nixos/modules/security/acme/default.nix at
      # 014d882725c6ab65982a046f110b73214c0f5e1f; no release note of 26.05 changes them).
      environmentFile = option (types.nullOr types.path) null;
      credentialFiles = option (types.attrsOf types.path) {};
      group = nullOrStr;
      reloadServices = option (types.listOf types.str) [];
    };
  };

  pgCfg = config.services.postgresql;
  nginxCfg = config.services.nginx;
  acmeCfg = config.security.acme;
  acmeHosts = lib.filterAttrs (_: vhost: vhost.enableACME) nginxCfg.virtualHosts;
in {
  options = {
    assertions = option (types.listOf types.unspecified) [];
    warnings = option (types.listOf types.str) [];

    users.users = option (types.attrsOf (types.submodule userOptions)) {};
    users.groups = option (types.attrsOf (types.submodule {
      options = {
        gid = option (types.nullOr types.int) null;
        members = option (types.listOf types.str) [];
      };
    })) {};

    networking.firewall = {
      enable = option types.bool true;
      allowedTCPPorts = option (types.listOf types.port) [];
      allowedUDPPorts = option (types.listOf types.port) [];
      allowedTCPPortRanges = option (types.listOf (types.attrsOf types.port)) [];
    };
    networking.hostName = option types.str "nixos";
    networking.domain = nullOrStr;

    environment.systemPackages = option (types.listOf types.package) [];
    environment.etc = option (types.attrsOf (types.submodule {
      options = {
        text = option (types.nullOr types.lines) null;
        source = option (types.nullOr types.path) null;
        mode = option types.str "symlink";
      };
    })) {};

    system.stateVersion = option types.str "25.11";

    services.postgresql = {
      enable = bool;
      package = option types.package pkgs.postgresql;
      ensureDatabases = option (types.listOf types.str) [];
      ensureUsers = option (types.listOf (types.submodule {
        options = {
          name = mkOption {type = types.str;};
          ensureDBOwnership = bool;
          ensureClauses = lib.genAttrs ["superuser" "createrole" "createdb" "inherit" "login" "replication" "bypassrls"] (_: option (types.nullOr types.bool) null);
        };
      })) [];
      authentication = option types.lines "";
      identMap = option types.lines "";
      enableTCPIP = bool;
      initialScript = option (types.nullOr types.path) null;
      settings = option (types.attrsOf (types.oneOf [types.bool types.float types.int types.str])) {};
      extensions = option types.unspecified (_: []);
    };

    services.redis.servers = option (types.attrsOf (types.submodule redisServer)) {};

    services.nginx = {
      enable = bool;
      recommendedProxySettings = bool;
      recommendedTlsSettings = bool;
      recommendedGzipSettings = bool;
      recommendedOptimisation = bool;
      clientMaxBodySize = option types.str "10m";
      virtualHosts = option (types.attrsOf (types.submodule virtualHost)) {};
      user = option types.str "nginx";
      group = option types.str "nginx";
    };

    services.openssh = {
      enable = bool;
      settings = option (types.attrsOf types.unspecified) {};
      extraConfig = option types.lines "";
      authorizedKeysCommand = option types.str "none";
      authorizedKeysCommandUser = option types.str "nobody";
    };

    virtualisation.docker.enable = bool;

    security.acme = {
      acceptTerms = bool;
      defaults = mkOption {
        type = types.submodule cert;
        default = {};
      };
      certs = option (types.attrsOf (types.submodule cert)) {};
    };
  };

  config = {
    assertions =
      lib.flatten (lib.mapAttrsToList (name: user: [
          {
            assertion = user.isSystemUser != user.isNormalUser;
            message = "Exactly one of users.users.${name}.isSystemUser and users.users.${name}.isNormalUser must be set.";
          }
          {
            assertion = user.group != "";
            message = "users.users.${name}.group is unset. This used to default to\nnogroup, but this is unsafe. For example you can create a group\nfor this user with:\nusers.users.${name}.group = \"${name}\";\nusers.groups.${name} = {};";
          }
        ])
        config.users.users)
      ++ map (user: {
        assertion = !user.ensureDBOwnership || builtins.elem user.name pgCfg.ensureDatabases;
        message = "For each database user defined with `services.postgresql.ensureUsers` and `ensureDBOwnership = true;`,\na database with the same name must be defined in `services.postgresql.ensureDatabases`.\n\nOffender: ${user.name} has not been found among databases.";
      })
      pgCfg.ensureUsers
      ++ lib.mapAttrsToList (name: vhost: {
        assertion = lib.count lib.id [vhost.addSSL vhost.onlySSL vhost.forceSSL vhost.rejectSSL] <= 1;
        message = "Options services.nginx.service.virtualHosts.${name}.addSSL,\nservices.nginx.virtualHosts.${name}.onlySSL,\nservices.nginx.virtualHosts.${name}.forceSSL and\nservices.nginx.virtualHosts.${name}.rejectSSL are mutually exclusive.";
      })
      nginxCfg.virtualHosts
      ++ lib.mapAttrsToList (name: vhost: {
        assertion = !(vhost.enableACME && vhost.useACMEHost != null);
        message = "Options services.nginx.service.virtualHosts.${name}.enableACME and\nservices.nginx.virtualHosts.${name}.useACMEHost are mutually exclusive.";
      })
      nginxCfg.virtualHosts
      ++ lib.optionals (acmeCfg.certs != {}) ([
          {
            assertion = acmeCfg.acceptTerms;
            message = "You must accept the CA's terms of service before using\nthe ACME module by setting `security.acme.acceptTerms`\nto `true`. For Let's Encrypt's ToS see https://letsencrypt.org/repository/";
          }
        ]
        ++ lib.mapAttrsToList (name: cert: {
          assertion = cert.email != null || acmeCfg.defaults.email != null;
          message = "You must define `security.acme.certs.<name>.email` or\n`security.acme.defaults.email` to register with the CA. Note that using\nmany different addresses for certs may trigger account rate limits.";
        })
        acmeCfg.certs);

    security.acme.certs = lib.mapAttrs (_: _: {}) acmeHosts;

    users.users = lib.mkMerge [
      (lib.mkIf pgCfg.enable {
        postgres = {
          isSystemUser = true;
          group = "postgres";
        };
      })
      (lib.mkIf nginxCfg.enable {
        nginx = {
          isSystemUser = true;
          group = "nginx";
        };
      })
    ];
    users.groups = lib.mkMerge [
      (lib.mkIf config.virtualisation.docker.enable {docker = {};})
      (lib.mkIf pgCfg.enable {postgres = {};})
      (lib.mkIf nginxCfg.enable {nginx = {};})
    ];
  };
}
