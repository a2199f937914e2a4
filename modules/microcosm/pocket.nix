# Pocket: a did:web service storing ATproto app preferences in SQLite. Upstream listens on
# 127.0.0.1:3000 unconditionally and resolves identities through the public Slingshot
# instance (neither is configurable in its source).
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.microcosm-pocket;
  common = atprotoLib.service;
  port = 3000;
in {
  options.services.microcosm-pocket = {
    enable = lib.mkEnableOption "Pocket, the did:web preferences service";
    package = lib.mkPackageOption pkgs ["atproto" "microcosm-pocket"] {};
    domain = lib.mkOption {
      type = atprotoLib.types.hostname;
      example = "prefs.example.com";
      description = "Domain whose did:web document Pocket serves.";
    };
    nginx = common.mkNginxOptions "Pocket";
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      systemd.services.microcosm-pocket = common.mkHardenedService {
        description = "Pocket ATproto preferences service";
        documentation = ["https://github.com/at-microcosm/microcosm-rs/tree/main/pocket"];
        # The database is created on first start only.
        preStart = ''
          if [ ! -e "$STATE_DIRECTORY/prefs.sqlite3" ]; then
            ${lib.getExe cfg.package} --db "$STATE_DIRECTORY/prefs.sqlite3" --init-db
          fi
        '';
        serviceConfig = {
          ExecStart = common.execCommand cfg.package ["--db" "prefs.sqlite3" "--domain" cfg.domain];
          StateDirectory = "microcosm-pocket";
          WorkingDirectory = "%S/microcosm-pocket";
        };
      };
    }
    (common.mkNginxConfig {
      prefix = "services.microcosm-pocket";
      inherit cfg port;
    })
  ]);
}
