# The patterns every atpkgs service module shares: option constructors, the hardened
# systemd baseline, secrets through LoadCredential, PostgreSQL, Redis and nginx + ACME.
# Modules receive this set as `atprotoLib.service`.
{
  lib,
  core,
}: let
  inherit
    (lib)
    concatStringsSep
    filterAttrs
    literalExpression
    mapAttrs
    mapAttrsToList
    mkOption
    optional
    types
    ;

  # An absolute path outside the Nix store, given as a string so it is never copied there.
  secretPath = types.pathWith {
    inStore = false;
    absolute = true;
  };

  # Environment variable values: NixOS's `environment` accepts only strings and paths.
  environmentValue = types.nullOr (types.oneOf [types.str types.int types.bool types.path]);

  toEnvironmentString = value:
    if builtins.isBool value
    then lib.boolToString value
    else toString value;
in rec {
  inherit secretPath;

  # The systemd sandbox every service starts from. Modules extend it (`hardening // { … }`)
  # and relax single settings with a comment saying why.
  hardening = {
    DynamicUser = true;
    CapabilityBoundingSet = [""];
    AmbientCapabilities = [""];
    DeviceAllow = [""];
    LockPersonality = true;
    MemoryDenyWriteExecute = true;
    NoNewPrivileges = true;
    PrivateDevices = true;
    PrivateMounts = true;
    PrivateTmp = true;
    PrivateUsers = true;
    ProcSubset = "pid";
    ProtectClock = true;
    ProtectControlGroups = true;
    ProtectHome = true;
    ProtectHostname = true;
    ProtectKernelLogs = true;
    ProtectKernelModules = true;
    ProtectKernelTunables = true;
    ProtectProc = "invisible";
    ProtectSystem = "strict";
    RemoveIPC = true;
    RestrictAddressFamilies = ["AF_UNIX" "AF_INET" "AF_INET6"];
    RestrictNamespaces = true;
    RestrictRealtime = true;
    RestrictSUIDSGID = true;
    SystemCallArchitectures = "native";
    SystemCallFilter = ["@system-service" "~@privileged" "~@resources"];
    # A filtered call fails instead of killing the process (Go raises its file limit at start).
    SystemCallErrorNumber = "EPERM";
    UMask = "0077";
  };

  # A `systemd.services.<name>` value on the hardened baseline: started at boot after the
  # network is online, restarted on failure, secrets loaded as credentials.
  #
  #   credentials: attribute set of credential name -> secret file (null entries are skipped);
  #     the program finds them in $CREDENTIALS_DIRECTORY (see `credentialExports`).
  #   serviceConfig: merged over `hardening`; every other argument is passed through.
  mkHardenedService = {
    description,
    credentials ? {},
    environment ? {},
    serviceConfig ? {},
    after ? [],
    wants ? [],
    ...
  } @ args:
    removeAttrs args ["credentials" "serviceConfig"]
    // {
      wantedBy = args.wantedBy or ["multi-user.target"];
      after = ["network-online.target"] ++ after;
      wants = ["network-online.target"] ++ wants;
      environment = toEnvironment environment;
      startLimitBurst = args.startLimitBurst or 5;
      startLimitIntervalSec = args.startLimitIntervalSec or 300;
      serviceConfig =
        hardening
        // {
          Restart = "on-failure";
          RestartSec = 5;
          LoadCredential = loadCredentials credentials;
        }
        // serviceConfig;
    };

  # `LoadCredential` entries (`name:path`) for the non-null secrets of an attribute set.
  loadCredentials = credentials:
    mapAttrsToList (name: path: "${name}:${path}") (filterAttrs (_: path: path != null) credentials);

  # Shell lines exporting each environment variable from the credential of the given name,
  # for programs that read secrets from their environment only:
  #   credentialExports { PDS_JWT_SECRET = "jwt-secret"; }
  credentialExports = variables:
    concatStringsSep "\n" (mapAttrsToList
      (variable: credential: ''export ${variable}="$(< "$CREDENTIALS_DIRECTORY/${credential}")"'')
      variables);

  # Environment variables from typed settings: nulls dropped, numbers and booleans as strings.
  toEnvironment = environment:
    mapAttrs (_: toEnvironmentString) (filterAttrs (_: value: value != null) environment);

  # Options `host` and `port` of a listening service.
  mkListenOptions = {
    host ? "127.0.0.1",
    port,
  }: {
    host = mkOption {
      type = types.str;
      default = host;
      example = "0.0.0.0";
      description = "Address the service listens on.";
    };
    port = mkOption {
      type = types.port;
      default = port;
      description = "TCP port the service listens on.";
    };
  };

  # `host:port` for programs taking a socket address (IPv6 hosts in brackets).
  socketAddress = host: port:
    if lib.hasInfix ":" host
    then "[${host}]:${toString port}"
    else "${host}:${toString port}";

  # An ExecStart line: the package's main program and its arguments, quoted, with `%` and `$`
  # escaped so systemd passes them on literally (paths are relative to WorkingDirectory).
  execCommand = package: args: "${lib.getExe package} ${lib.escapeShellArgs (map escapeSystemdSpecials args)}";

  escapeSystemdSpecials = builtins.replaceStrings ["%" "$"] ["%%" "$$"];

  # Options `metrics.enable`, `metrics.host` and `metrics.port` of a Prometheus endpoint
  # (without `enable` for programs that always serve one).
  mkMetricsOptions = {
    port,
    optional ? true,
  }:
    mkOption {
      type = types.submodule {
        options =
          lib.optionalAttrs optional {
            enable = lib.mkEnableOption "the Prometheus metrics endpoint";
          }
          // mkListenOptions {inherit port;};
      };
      default = {};
      description = "Prometheus metrics endpoint.";
    };

  mkOpenFirewallOption = mkOption {
    type = types.bool;
    default = false;
    description = "Whether to open the service's port in the firewall.";
  };

  # A secret given as a file outside the Nix store, loaded into the service as a credential.
  mkSecretFileOption = {
    description,
    nullable ? false,
  }:
    mkOption ({
        type =
          if nullable
          then types.nullOr secretPath
          else secretPath;
        example = "/run/secrets/service-secret";
        description = "${description} Read from this file at service start; it never enters the Nix store.";
      }
      // lib.optionalAttrs nullable {default = null;});

  # A fresh secp256k1 private key as 64 hex digits (an ATproto signing or rotation key),
  # printed by openssl: the 32 bytes of the key in the DER encoding of `ecparam -genkey`.
  secp256k1HexKeyCommand = "openssl ecparam -name secp256k1 -genkey -noout -outform DER | tail -c +8 | head -c 32 | od -An -v -tx1 | tr -d ' \\n'";

  # The `<name>File` options of a module's secrets, from their specs (`description`, and
  # `variable` and `generate` when they have them): optional files, made on first start when
  # the spec can generate one and the module's `generateSecrets` is on.
  mkSecretFileOptions = specs:
    lib.mapAttrs' (name: spec:
      lib.nameValuePair "${name}File" (mkSecretFileOption {
        description =
          spec.description
          + lib.optionalString (spec ? variable) " (`${spec.variable}`)"
          + "."
          + lib.optionalString (spec ? generate) " Made on first start when unset and `generateSecrets` is on.";
        nullable = true;
      }))
    specs;

  # The secrets a module makes on first start: those of its secret specs with a `generate`
  # (a command printing the secret, or a function from the quoted path of its file to a
  # command writing it) whose file option is unset, while `generateSecrets` is on.
  #   secrets = firstStartSecrets {inherit cfg specs; fileOf = name: cfg.secrets."${name}File";};
  #   secrets.generated "jwtSecret"              # made on first start?
  #   secrets.names                              # the specs that are
  #   secrets.makeLine "jwtSecret" "$dir/jwt"    # `[ -s "$dir/jwt" ] || … > "$dir/jwt"`
  #   secrets.makeAll "$dir"                     # that line for each of `names`
  #   secrets.exports "$STATE_DIRECTORY/secrets"  # a start script's `export VARIABLE=…` lines
  #   secrets.unit {description; directory; path;}  # a oneshot making them in its state dir
  #   secrets.credential "x-secrets" "jwtSecret" # LoadCredential's source: file, %S/x-secrets/…, null
  firstStartSecrets = {
    cfg,
    specs,
    fileOf,
  }: rec {
    generated = name: specs.${name} ? generate && fileOf name == null && cfg.generateSecrets;
    names = builtins.filter generated (builtins.attrNames specs);
    makeLine = name: file: let
      inherit (specs.${name}) generate;
      command =
        if builtins.isFunction generate
        then generate "\"${file}\""
        else "${generate} > \"${file}\"";
    in ''[ -s "${file}" ] || ${command}'';
    # The lines making every secret made on first start into `directory`.
    makeAll = directory: concatStringsSep "\n" (map (name: makeLine name "${directory}/${specs.${name}.credential}") names);
    # What LoadCredential loads a spec's secret from: its file, the file `unit` made in its state
    # directory `directory` (systemd resolves %S), or null.
    credential = directory: name:
      if fileOf name != null
      then fileOf name
      else if generated name
      then "%S/${directory}/${specs.${name}.credential}"
      else null;
    # Start-script lines that set each spec's `variable` from its credential, or make its file
    # in `directory` on first start and set it from that (`isPath`: to the file's path).
    exports = directory: let
      line = name: spec: let
        from = file:
          if spec.isPath or false
          then ''export ${spec.variable}="${file}"''
          else ''export ${spec.variable}="$(< "${file}")"'';
        made = "${directory}/${spec.credential}";
      in
        if fileOf name != null
        then from "$CREDENTIALS_DIRECTORY/${spec.credential}"
        else lib.optionalString (generated name) "${makeLine name made}\n${from made}";
    in
      concatStringsSep "\n" (lib.filter (line: line != "") (mapAttrsToList line specs));
    # Made once into the unit's own state directory, which systemd reads the files from when
    # it loads them as credentials of the other units (LoadCredential resolves %S).
    unit = {
      description,
      directory,
      path,
    }:
      mkHardenedService {
        inherit description path;
        script = ''
          umask 077
          ${makeAll "$STATE_DIRECTORY"}
        '';
        serviceConfig = {
          Type = "oneshot";
          RemainAfterExit = true;
          StateDirectory = directory;
          StateDirectoryMode = "0700";
        };
      };
  };

  mkEnvironmentFilesOption = mkOption {
    type = types.listOf secretPath;
    default = [];
    example = ["/run/secrets/service.env"];
    description = ''
      Files of `NAME=value` lines added to the service's environment (systemd
      `EnvironmentFile`), for secrets and settings that must not enter the Nix store.
    '';
  };

  # RFC 42 `settings`: a freeform attribute set of the given `pkgs.formats` format, with a
  # few typed, documented keys in `options`.
  mkSettingsOption = {
    format,
    description,
    options ? {},
  }:
    mkOption {
      type = types.submodule {
        freeformType = format.type;
        inherit options;
      };
      default = {};
      inherit description;
    };

  # Environment-variable configuration of a program that reads no config file: a freeform
  # attribute set of variables with a few typed, documented variables in `options`.
  mkEnvironmentOption = {
    description,
    options ? {},
  }:
    mkOption {
      type = types.submodule {
        freeformType = types.attrsOf environmentValue;
        inherit options;
      };
      default = {};
      description = "${description} Values are public (they land in the unit file): secrets go through credential options.";
    };

  # An endpoint option whose default is the host-wide `atproto.endpoints.<name>`.
  mkEndpointOption = config: {
    name,
    description,
    type ? core.types.endpoint,
  }:
    mkOption {
      inherit type description;
      default = config.atproto.endpoints.${name};
      defaultText = literalExpression "config.atproto.endpoints.${name}";
    };

  # `url` and `did` of a service a module talks to, by default the host's `atproto.endpoints`
  # entries of those names (no default when a name is null):
  #   appview = mkServiceOptions config "appview" "appviewDid" "AppView …";
  mkServiceOptions = config: urlName: didName: what: let
    option = name: type: description:
      if name == null
      then
        mkOption {
          type = types.nullOr type;
          default = null;
          inherit description;
        }
      else
        mkEndpointOption config {
          inherit name description;
          type = types.nullOr type;
        };
  in {
    url = option urlName core.types.endpoint "URL of the ${what}; null for none.";
    did = option didName core.types.did "DID of the ${what}.";
  };

  # A server's own DID, by default the did:web of its `hostname` option (null while that is).
  mkDidWebOption = {
    prefix,
    cfg,
    description,
  }:
    mkOption {
      type = types.nullOr core.types.did;
      default =
        if cfg.hostname == null
        then null
        else "did:web:${cfg.hostname}";
      defaultText = literalExpression ''"did:web:''${config.${prefix}.hostname}"'';
      inherit description;
    };

  # The address a service listening on `host` is reached at on its own host: a service
  # listening on every address is reached on loopback.
  reachableHost = host:
    if builtins.elem host ["0.0.0.0" "::" "[::]"]
    then "127.0.0.1"
    else host;

  # The URL of a listening service on its own host (`http://<host>:<port>`).
  listenUrl = host: port: "http://${socketAddress (reachableHost host) port}";

  # The URL the other services of this host reach a service with `host`, `port` and `nginx`
  # options at: its HTTPS virtual host when nginx serves it (consumers that take a host name
  # assume TLS, and the URL is the one other hosts use too), else its listen address.
  localUrl = cfg:
    if cfg.nginx.enable && cfg.nginx.hostName != null
    then "https://${cfg.nginx.hostName}"
    else listenUrl (cfg.host or "127.0.0.1") cfg.port;

  # Service discovery (modules/atproto/common.nix): registers the systemd service `unit` as
  # this host's provider of the `atproto.endpoints` entries in `endpoints` (name -> value),
  # reached at `url` and at the further `addresses` (e.g. its listen address).
  mkProvider = {
    unit,
    url,
    endpoints,
    addresses ? [],
  }: {
    atproto.discovery.providers.${unit} = {
      inherit endpoints;
      addresses = [url] ++ addresses;
    };
  };

  # Service discovery: the endpoints (URLs or host names; nulls are skipped) the systemd
  # service `unit` reaches, so that it starts after the ones this host provides.
  mkConsumer = unit: endpoints: {
    atproto.discovery.consumers.${unit} = endpoints;
  };

  # The nginx virtual host of a service with `nginx` options (see mkNginxOptions), when enabled.
  mkNginxConfig = {
    prefix,
    cfg,
    port ? cfg.port,
    host ? cfg.host or "127.0.0.1",
  }:
    lib.mkIf cfg.nginx.enable (mkNginxProxy {
      inherit prefix port;
      inherit (cfg.nginx) hostName;
      host = reachableHost host;
    });

  # Options of an nginx virtual host with ACME in front of a service.
  mkNginxOptions = service:
    mkOption {
      type = types.submodule {
        options = {
          enable = lib.mkEnableOption "an nginx virtual host with an ACME certificate in front of ${service}";
          hostName = mkOption {
            type = types.nullOr core.types.hostname;
            default = null;
            example = "service.example.com";
            description = "Domain name of the virtual host.";
          };
        };
      };
      default = {};
      description = "Public HTTPS access to ${service} through nginx.";
    };

  # nginx virtual host proxying to a local port, HTTPS-only with an ACME certificate and
  # WebSocket upgrades (subscriptions are WebSockets in ATproto). `prefix` is the option path
  # of the service (`services.<name>`), for the assertion that `nginx.hostName` is set.
  mkNginxProxy = {
    prefix,
    hostName,
    port,
    host ? "127.0.0.1",
  }: {
    assertions = [
      {
        assertion = hostName != null;
        message = "${prefix}.nginx.hostName must be set when ${prefix}.nginx.enable is true";
      }
    ];
    services.nginx = {
      enable = true;
      recommendedProxySettings = lib.mkDefault true;
      recommendedTlsSettings = lib.mkDefault true;
      virtualHosts.${hostName} = {
        forceSSL = true;
        enableACME = true;
        locations."/" = {
          proxyPass = "http://${socketAddress host port}";
          proxyWebsockets = true;
        };
      };
    };
    networking.firewall.allowedTCPPorts = [80 443];
  };

  # A PostgreSQL database and a role of the same name owning it, reached over the Unix
  # socket with peer authentication: the service must run as the system user `name`, and
  # order itself after `postgresql.target` (reached once databases and roles exist).
  mkPostgresql = name: {
    services.postgresql = {
      enable = true;
      ensureDatabases = [name];
      ensureUsers = [
        {
          inherit name;
          ensureDBOwnership = true;
        }
      ];
    };
  };

  # The URL of such a database (libpq, pgx and tokio-postgres read it alike).
  postgresqlSocketUrl = name: "postgresql:///${name}?host=/run/postgresql&user=${name}";

  # Options `createLocally`, `name` and `urlFile` of a service's PostgreSQL database: a local
  # one (created unless `create` is false, e.g. when another program owns its schema) or a
  # remote one whose URL, password included, is a credential.
  mkDatabaseOptions = {
    name,
    create ? true,
  }: {
    createLocally = mkOption {
      type = types.bool;
      default = create;
      description = "Whether to create the local database {option}`name` and a role of the same name owning it.";
    };
    name = mkOption {
      type = types.str;
      default = name;
      description = "Local PostgreSQL database, reached over the Unix socket as the system user of the same name (the service runs as it).";
    };
    urlFile = mkSecretFileOption {
      description = "File holding the URL of a remote database, used instead of the local one.";
      nullable = true;
    };
  };

  # How a service reaches the database described by mkDatabaseOptions (`database` is the
  # options' value):
  #   url      the local socket URL, or null when it comes from `urlFile`
  #   exports  shell lines exporting the given variables from the `urlFile` credential
  #   unit     settings merged into the service's unit: ordering after PostgreSQL, the
  #            credential, the user peer authentication needs
  #   config   the PostgreSQL setup, when the database is created here
  databaseAccess = database: let
    local = database.urlFile == null;
    created = local && database.createLocally;
  in {
    url =
      if local
      then postgresqlSocketUrl database.name
      else null;
    exports = variables: lib.optionalString (!local) (credentialExports (lib.genAttrs variables (_: "database-url")));
    unit = {
      after = optional local "postgresql.target";
      requires = optional created "postgresql.target";
      serviceConfig =
        {LoadCredential = loadCredentials {database-url = database.urlFile;};}
        // lib.optionalAttrs local {User = database.name;};
    };
    config = lib.mkIf created (mkPostgresql database.name);
  };

  # The host (and port) of an endpoint URL, for programs that take host names.
  hostOf = url: builtins.head (lib.splitString "/" (lib.last (lib.splitString "://" url)));

  # The WebSocket URL of an HTTP(S) service (relays take subscriptions over wss://).
  websocketUrl = url: builtins.replaceStrings ["https://" "http://"] ["wss://" "ws://"] url;

  # A Redis instance reachable only through its Unix socket.
  mkRedis = name: {
    services.redis.servers.${name} = {
      enable = true;
      port = 0;
    };
  };

  redisSocketUrl = name: "unix:///run/redis-${name}/redis.sock";

  # A dedicated system user and group (for services that cannot use DynamicUser, e.g.
  # PostgreSQL peer authentication or files shared with other units).
  mkSystemUser = {
    name,
    home ? null,
  }: {
    users.users.${name} =
      {
        isSystemUser = true;
        group = name;
      }
      // lib.optionalAttrs (home != null) {inherit home;};
    users.groups.${name} = {};
  };

  # Assertions that each named option of a service is set (not null), with a message naming
  # the option path and what it is for.
  mkRequiredAssertions = prefix: cfg: required:
    mapAttrsToList (name: purpose: {
      assertion = lib.attrByPath (lib.splitString "." name) null cfg != null;
      message = "${prefix}.${name} must be set: ${purpose}";
    })
    required;

  # `mkRequiredAssertions` for the secrets a service needs, which are only required when the
  # module's `generateSecrets` is off (it makes them on first start otherwise).
  mkGeneratedSecretAssertions = prefix: cfg: required:
    lib.optionals (!cfg.generateSecrets) (mkRequiredAssertions prefix cfg
      (mapAttrs (_: purpose: "${purpose} (or turn generateSecrets on)") required));

  firewallPorts = cfg: optional cfg.openFirewall cfg.port;
}
