# pds-dash (witchcraft-systems): a dashboard of a PDS's accounts and posts, a Svelte app built
# by Vite under Deno into static files. Its configuration is compiled in (`config.ts`):
# `settings` overrides upstream's defaults (config.ts.example), and `PDS_URL` is required by
# the app itself, so services.witchcraft-systems-pds-dash sets it from the host's PDS.
# Dependencies are lockfile-exact: node-deps.json is the npm section of upstream's deno.lock
# (`atpkgs-lock write deno.lock`), each tarball unpacked into Deno's npm cache.
{
  lib,
  buildDenoApp,
  fetchFromGitHub,
  writeText,
  settings ? {},
}: let
  # config.ts.example at `rev`.
  defaults = {
    PDS_URL = "";
    THEME = "default";
    # atpkgs-lint: allow(endpoint-literal): upstream's default, a web client the dashboard links to
    FRONTEND_URL = "https://deer.social";
    MAX_POSTS = 20;
    # atpkgs-lint: allow(endpoint-literal): upstream's default footer, links to its source
    FOOTER_TEXT = "<a href='https://git.witchcraft.systems/scientific-witchery/pds-dash' target='_blank'>Source</a> (<a href='https://github.com/witchcraft-systems/pds-dash/' target='_blank'>github mirror</a>)";
    SHOW_FUTURE_POSTS = false;
  };
  config = defaults // settings;
  typeOf = value:
    if builtins.isBool value
    then "boolean"
    else if builtins.isInt value
    then "number"
    else "string";
  # JSON literals are TypeScript literals.
  configFile = writeText "pds-dash-config.ts" ''
    export class Config {
    ${lib.concatStrings (lib.mapAttrsToList (name: value: "  static readonly ${name}: ${typeOf value} = ${builtins.toJSON value};\n") config)}}
  '';
in
  assert lib.assertMsg (lib.all (name: defaults ? ${name}) (lib.attrNames settings))
  "pds-dash: settings has ${lib.concatStringsSep ", " (lib.subtractLists (lib.attrNames defaults) (lib.attrNames settings))}, which config.ts does not define (${lib.concatStringsSep ", " (lib.attrNames defaults)})";
    buildDenoApp {
      pname = "pds-dash";
      version = "0-unstable-2025-05-30";

      src = fetchFromGitHub {
        owner = "witchcraft-systems";
        repo = "pds-dash";
        rev = "c348ed5d46a0d95422ea6f4925420be8ff3ce8f0";
        hash = "sha256-9Geh8X5523tcZYyS7yONBjUW20ovej/5uGojyBBcMFI=";
      };

      nodeDeps = ./node-deps.json;

      # README's build: node_modules from the lock, then `vite build` (the theme plugin reads
      # themes/<THEME>/theme.css with Deno's file API, so Vite runs under Deno).
      buildPhase = ''
        runHook preBuild
        cp ${configFile} config.ts
        deno install --frozen --cached-only
        deno task build
        runHook postBuild
      '';

      installPhase = ''
        runHook preInstall
        cp -r dist $out
        runHook postInstall
      '';

      passthru = {inherit defaults configFile;};

      meta = {
        description = "Dashboard of an ATproto PDS's accounts and posts (static files)";
        homepage = "https://git.witchcraft.systems/scientific-witchery/pds-dash";
        license = lib.licenses.mit;
        platforms = lib.platforms.linux;
        # Static files for a web server, not a program.
        mainProgram = null;
      };
    }
