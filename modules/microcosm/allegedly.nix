# Allegedly: a PLC directory mirror. It wraps a did-method-plc server, copies new operations
# from the upstream directory into that server's PostgreSQL database (`mirror`), or only
# proxies to it (`wrap`), and can bulk-load the history from weekly bundles (`backfill`).
{
  config,
  options,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.microcosm-allegedly;
  common = atprotoLib.service;
  inherit (lib) concatMap mkOption optional optionals types;

  # The wrapped did-method-plc server's database: the mirror writes to it, the backfill fills it.
  usesDatabase = cfg.mode == "mirror";
  database = common.databaseAccess cfg.database;

  globalArguments = ["--upstream" cfg.upstream "--upstream-throttle-ms" (toString cfg.upstreamThrottleMs)];

  listenArguments =
    if cfg.acme.enable
    then
      concatMap (domain: ["--acme-domain" domain]) cfg.acme.domains
      ++ ["--acme-directory-url" cfg.acme.directoryUrl]
      ++ optional cfg.acme.ipv6 "--acme-ipv6"
      ++ optionals (cfg.acme.experimentalDomain != null) ["--experimental-acme-domain" cfg.acme.experimentalDomain]
    else ["--bind" (common.socketAddress cfg.host cfg.port)];

  serverArguments =
    globalArguments
    ++ [cfg.mode "--wrap" cfg.wrap]
    ++ optionals (usesDatabase && database.url != null) ["--wrap-pg" database.url]
    ++ listenArguments
    ++ optional cfg.experimentalWriteUpstream "--experimental-write-upstream"
    ++ cfg.extraArgs;

  backfillArguments =
    globalArguments
    ++ ["backfill" "--http" "${cfg.backfill.bundles}/"]
    ++ optionals (database.url != null) ["--to-postgres" database.url]
    ++ optional cfg.backfill.catchUp "--catch-up"
    ++ optionals (cfg.backfill.sourceWorkers != null) ["--source-workers" (toString cfg.backfill.sourceWorkers)];

  # Where this host's services reach the mirror (service discovery).
  url =
    if cfg.acme.enable && cfg.acme.domains != []
    then "https://${builtins.head cfg.acme.domains}"
    else common.localUrl cfg;

  # PDSes of this host registering DIDs at the mirror, which rejects writes unless it forwards
  # them upstream.
  pdsesWritingHere = builtins.filter (name: options.services ? ${name} && config.services.${name}.enable && config.services.${name}.plcDirectory == url) ["atproto-pds" "blacksky-rsky-pds"];

  # A database URL with a password is a secret: it reaches the program as an environment
  # variable read from its credential, never on the command line.
  runWithDatabaseUrl = variable: arguments: ''
    ${database.exports [variable]}
    exec ${common.execCommand cfg.package arguments}
  '';
in {
  options.services.microcosm-allegedly =
    {
      enable = lib.mkEnableOption "Allegedly, a PLC directory mirror";
      package = lib.mkPackageOption pkgs ["atproto" "microcosm-allegedly"] {};
      mode = mkOption {
        type = types.enum ["mirror" "wrap"];
        default = "mirror";
        description = ''
          `mirror`: copy new operations from {option}`upstream` into the wrapped server's
          database and serve them. `wrap`: only proxy to the wrapped server (forwarding writes
          upstream if {option}`experimentalWriteUpstream` is set).
        '';
      };
      wrap = mkOption {
        type = types.nullOr atprotoLib.types.endpoint;
        default = null;
        example = "http://127.0.0.1:2582";
        description = "URL of the did-method-plc server Allegedly wraps.";
      };
      upstream = mkOption {
        type = atprotoLib.types.endpoint;
        default = atprotoLib.publicEndpoints.plcDirectory;
        defaultText = lib.literalExpression "atprotoLib.publicEndpoints.plcDirectory";
        description = ''
          PLC directory operations are copied from. It defaults to the public directory, not
          to `atproto.endpoints.plcDirectory`, which on a mirror's host usually points at the
          mirror itself.
        '';
      };
      upstreamThrottleMs = mkOption {
        type = types.ints.unsigned;
        default = 600;
        description = "Minimum interval between requests to the upstream, in milliseconds (plc.directory allows 500 requests per 5 minutes).";
      };
      # The did-method-plc server must use the same database and create its schema.
      database = common.mkDatabaseOptions {name = "plc";};
      acme = {
        enable = lib.mkEnableOption "Allegedly's own ACME client, listening on ports 80 and 443 instead of {option}`port`";
        domains = mkOption {
          type = types.listOf atprotoLib.types.hostname;
          default = [];
          example = ["plc.example.com"];
          description = "Domains to obtain certificates for.";
        };
        experimentalDomain = mkOption {
          type = types.nullOr atprotoLib.types.hostname;
          default = null;
          description = "Domain accepting only experimental requests (it gets a certificate too).";
        };
        directoryUrl = mkOption {
          type = atprotoLib.types.endpoint;
          default = "https://acme-v02.api.letsencrypt.org/directory";
          example = "https://acme-staging-v02.api.letsencrypt.org/directory";
          description = "ACME directory to obtain certificates from.";
        };
        ipv6 = mkOption {
          type = types.bool;
          default = false;
          description = "Whether to listen on IPv6 too.";
        };
      };
      experimentalWriteUpstream = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to accept writes by forwarding them to the upstream.";
      };
      backfill = {
        enable = lib.mkEnableOption "the `microcosm-allegedly-backfill` unit, which bulk-loads the PLC history into the database (start it once before the mirror)";
        bundles = common.mkEndpointOption config {
          name = "plcBundles";
          description = "Where weekly bundles of PLC operations are downloaded from.";
        };
        catchUp = mkOption {
          type = types.bool;
          default = true;
          description = "Whether to poll the upstream after the bundles until caught up.";
        };
        sourceWorkers = mkOption {
          type = types.nullOr types.ints.positive;
          default = null;
          description = "Parallel bundle downloads (upstream's default: 4).";
        };
      };
      openFirewall = common.mkOpenFirewallOption;
      nginx = common.mkNginxOptions "Allegedly";
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Further arguments of {command}`allegedly mirror` or {command}`allegedly wrap`.";
      };
    }
    // common.mkListenOptions {port = 8000;};

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        common.mkRequiredAssertions "services.microcosm-allegedly" cfg {wrap = "the URL of the did-method-plc server to wrap";}
        ++ [
          {
            assertion = cfg.acme.enable -> cfg.acme.domains != [];
            message = "services.microcosm-allegedly.acme.domains must name at least one domain when services.microcosm-allegedly.acme.enable is true";
          }
          {
            assertion = !(cfg.acme.enable && cfg.nginx.enable);
            message = "services.microcosm-allegedly.acme.enable and services.microcosm-allegedly.nginx.enable are mutually exclusive: choose who terminates TLS";
          }
        ];

      systemd.services.microcosm-allegedly = lib.mkMerge [
        (common.mkHardenedService {
          description = "Allegedly PLC directory mirror";
          documentation = ["https://github.com/at-microcosm/allegedly"];
          # systemd expands %S here, not in the script.
          environment = lib.optionalAttrs cfg.acme.enable {ALLEGEDLY_ACME_CACHE_PATH = "%S/microcosm-allegedly/acme";};
          script = runWithDatabaseUrl "ALLEGEDLY_WRAP_PG" serverArguments;
          serviceConfig =
            {
              StateDirectory = "microcosm-allegedly";
            }
            // lib.optionalAttrs cfg.acme.enable {
              # Binding ports 80 and 443 needs the capability and the host's user namespace.
              AmbientCapabilities = ["CAP_NET_BIND_SERVICE"];
              CapabilityBoundingSet = ["CAP_NET_BIND_SERVICE"];
              PrivateUsers = false;
            };
        })
        (lib.mkIf usesDatabase database.unit)
      ];

      networking.firewall.allowedTCPPorts =
        if cfg.acme.enable
        then optionals cfg.openFirewall [80 443]
        else common.firewallPorts cfg;

      warnings =
        lib.optional (pdsesWritingHere != [] && !cfg.experimentalWriteUpstream) ''
          services.microcosm-allegedly rejects PLC operations, but ${lib.concatMapStringsSep " and " (name: "services.${name}") pdsesWritingHere} registers DIDs at it (its plcDirectory is ${url}): set services.microcosm-allegedly.experimentalWriteUpstream to forward them to ${cfg.upstream}, or point the PDS's plcDirectory at a directory that accepts them.'';
    }
    (common.mkProvider {
      unit = "microcosm-allegedly";
      inherit url;
      endpoints.plcDirectory = url;
      addresses = optional (!cfg.acme.enable) (common.listenUrl cfg.host cfg.port);
    })
    (common.mkConsumer "microcosm-allegedly" [cfg.upstream])
    (lib.mkIf cfg.backfill.enable {
      systemd.services.microcosm-allegedly-backfill = lib.mkMerge [
        (common.mkHardenedService {
          description = "Allegedly bulk load of the PLC history";
          documentation = ["https://github.com/at-microcosm/allegedly"];
          wantedBy = [];
          script = runWithDatabaseUrl "ALLEGEDLY_TO_POSTGRES" backfillArguments;
          serviceConfig = {
            Type = "oneshot";
            Restart = "no";
          };
        })
        database.unit
      ];
    })
    (lib.mkIf cfg.backfill.enable (common.mkConsumer "microcosm-allegedly-backfill" [cfg.backfill.bundles cfg.upstream]))
    (lib.mkIf (usesDatabase || cfg.backfill.enable) database.config)
    (common.mkNginxConfig {
      prefix = "services.microcosm-allegedly";
      inherit cfg;
    })
  ]);
}
