# pds-dash (witchcraft-systems-pds-dash): package and module.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  package = pkgs.atproto.witchcraft-systems-pds-dash;
  configWith = extra: system [configurations.witchcraft-systems-pds-dash extra];
  host = (configWith {}).services.nginx.virtualHosts."dash.example.test";
  configText = drv: drv.configFile.drvAttrs.text;
in {
  # npm tarballs of deno.lock, one fetch each, unpacked into Deno's npm cache; Vite builds
  # under Deno, as upstream's README does.
  packageBuildsWithDenoFromTheLocksTarballs = {
    expr = {
      inherit (package.src) rev outputHash;
      fetches = builtins.length package.denoDeps.fetches;
      unpacked = lib.hasInfix ''"$out"/npm/registry.npmjs.org/vite/6.3.2 --strip-components=1'' package.denoDeps.buildPhase;
      build = map (line: lib.hasInfix line package.buildPhase) ["deno install --frozen --cached-only" "deno task build"];
      install = package.installPhase;
    };
    expected = {
      rev = "c348ed5d46a0d95422ea6f4925420be8ff3ce8f0";
      outputHash = "sha256-9Geh8X5523tcZYyS7yONBjUW20ovej/5uGojyBBcMFI=";
      # The lock's 98 npm packages, minus the platform packages of other systems.
      fetches = 55;
      unpacked = true;
      build = [true true];
      install = ''
        runHook preInstall
        cp -r dist $out
        runHook postInstall
      '';
    };
  };

  # config.ts is written from the settings, upstream's defaults for the rest.
  configIsCompiledIn = {
    expr = configText (package.override {
      settings = {
        PDS_URL = "https://pds.example.test";
        MAX_POSTS = 10;
        SHOW_FUTURE_POSTS = true;
      };
    });
    expected = ''
      export class Config {
        static readonly FOOTER_TEXT: string = "<a href='https://git.witchcraft.systems/scientific-witchery/pds-dash' target='_blank'>Source</a> (<a href='https://github.com/witchcraft-systems/pds-dash/' target='_blank'>github mirror</a>)";
        static readonly FRONTEND_URL: string = "https://deer.social";
        static readonly MAX_POSTS: number = 10;
        static readonly PDS_URL: string = "https://pds.example.test";
        static readonly SHOW_FUTURE_POSTS: boolean = true;
        static readonly THEME: string = "default";
      }
    '';
  };

  # The module builds the dashboard for its options and serves it as a single-page app.
  moduleServesTheBuildForItsSettings = {
    expr = {
      root =
        "${host.root}"
        == "${package.override {
          settings = {
            PDS_URL = "https://pds.example.test";
            THEME = "witchcraft";
            FRONTEND_URL = "https://bsky.app";
            MAX_POSTS = 20;
            FOOTER_TEXT = package.defaults.FOOTER_TEXT;
            SHOW_FUTURE_POSTS = false;
          };
        }}";
      inherit (host) forceSSL enableACME;
      inherit (host.locations."/") tryFiles;
    };
    expected = {
      root = true;
      forceSSL = true;
      enableACME = true;
      tryFiles = "$uri /index.html";
    };
  };

  # Without `pds`, the host's PDS (service discovery sets the entryway to it).
  pdsDefaultsToTheHostsPds = let
    config = system [
      {
        services.witchcraft-systems-pds-dash = {
          enable = true;
          hostName = "dash.host.test";
        };
        atproto.endpoints.entryway = "https://pds.host.test";
        security.acme = {
          acceptTerms = true;
          defaults.email = "admin@host.test";
        };
      }
    ];
  in {
    expr = lib.hasInfix ''PDS_URL: string = "https://pds.host.test"'' (configText config.services.nginx.virtualHosts."dash.host.test".root);
    expected = true;
  };

  unknownSettingIsRefused = {
    expr = (builtins.tryEval (package.override {settings.PDS = "x";}).drvPath).success;
    expected = false;
  };
}
