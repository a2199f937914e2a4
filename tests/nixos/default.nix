# Evaluates NixOS modules against the option stubs and the pkgs double, and renders
# systemd services to unit files the way NixOS writes them.
{
  lib,
  pkgs,
}: let
  inherit (lib) concatStringsSep concatStrings filter mapAttrsToList optionalString;

  # systemd-lib.nix `toOption`, then one `Key=value` line per list element.
  toOption = value:
    if value == true
    then "true"
    else if value == false
    then "false"
    else toString value;

  section = attrs:
    concatStrings (mapAttrsToList (key: value: concatStrings (map (item: "${key}=${toOption item}\n") (lib.toList value))) attrs);

  defaultPath = with pkgs; [coreutils findutils gnugrep gnused systemd];

  jobScript = name: text:
    pkgs.writeShellScript "unit-script-${name}" ''
      set -e
      ${text}
    '';

  unitFile = name: service: let
    unit =
      lib.filterAttrs (_: value: value != [] && value != "" && value != null) {
        Description = service.description;
        Documentation = service.documentation;
        After = service.after;
        Before = service.before;
        Wants = service.wants;
        Requires = service.requires;
        BindsTo = service.bindsTo;
        PartOf = service.partOf;
        Conflicts = service.conflicts;
        OnFailure = service.onFailure;
        StartLimitBurst = service.startLimitBurst;
        StartLimitIntervalSec = service.startLimitIntervalSec;
      }
      // service.unitConfig;
    environment =
      {PATH = "${lib.makeBinPath (service.path ++ defaultPath)}:${lib.makeSearchPathOutput "bin" "sbin" (service.path ++ defaultPath)}";}
      // lib.filterAttrs (_: value: value != null) service.environment;
    exec =
      lib.optionalAttrs (service.script != "") {ExecStart = "${jobScript "${name}-start" service.script}${optionalString (service.scriptArgs != "") " ${service.scriptArgs}"}";}
      // lib.optionalAttrs (service.preStart != "") {ExecStartPre = "${jobScript "${name}-pre-start" service.preStart}";}
      // lib.optionalAttrs (service.postStart != "") {ExecStartPost = "${jobScript "${name}-post-start" service.postStart}";};
  in ''
    [Unit]
    ${section unit}
    [Service]
    ${concatStrings (mapAttrsToList (key: value: "Environment=${builtins.toJSON "${key}=${toString value}"}\n") environment)}${section (exec // service.serviceConfig)}
    [Install]
    ${section (lib.filterAttrs (_: value: value != []) {
      WantedBy = service.wantedBy;
      RequiredBy = service.requiredBy;
    })}'';

  failedAssertionsError = config: let
    failed = map (assertion: assertion.message) (filter (assertion: !assertion.assertion) config.assertions);
  in
    if failed == []
    then null
    else "\nFailed assertions:\n${concatStringsSep "\n" (map (message: "- ${message}") failed)}";
in rec {
  stubs = [./systemd.nix ./services.nix];

  # The module system's result (`options`, `config`), like `nixosSystem { modules; }`.
  evalModules = modules:
    lib.evalModules {
      modules =
        stubs
        ++ [
          {
            _module.args = {
              inherit pkgs;
              modulesPath = toString ./.;
            };
          }
        ]
        ++ modules;
    };

  # The evaluated configuration, like `nixosSystem { modules; }.config`.
  eval = modules: (evalModules modules).config;

  # The configuration after NixOS's final checks: failed assertions throw (as building
  # the system would), warnings are printed.
  system = modules: let
    config = eval modules;
    error = failedAssertionsError config;
  in
    if error != null
    then throw error
    else lib.foldr (warning: result: lib.warn warning result) config config.warnings;

  # Unit file contents of every enabled service: { "<name>.service" = text; }.
  units = config:
    lib.mapAttrs' (name: service: lib.nameValuePair "${name}.service" (unitFile name service))
    (lib.filterAttrs (_: service: service.enable) config.systemd.services);

  # The units a configuration provides: its services and those of the NixOS modules enabled
  # (what a `Requires=` may name without systemd refusing to start the unit).
  providedUnits = config:
    map (name: "${name}.service") (builtins.attrNames (lib.filterAttrs (_: service: service.enable) config.systemd.services))
    ++ ["network.target" "network-online.target" "multi-user.target"]
    ++ lib.optionals config.services.postgresql.enable ["postgresql.service" "postgresql-setup.service" "postgresql.target"]
    ++ lib.mapAttrsToList (name: _: "redis-${name}.service") (lib.filterAttrs (_: server: server.enable) config.services.redis.servers)
    ++ lib.optional config.virtualisation.docker.enable "docker.service"
    ++ lib.optional config.services.nginx.enable "nginx.service"
    ++ lib.optional config.services.openssh.enable "sshd.service";

  inherit unitFile;
}
