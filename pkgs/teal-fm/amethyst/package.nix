# amethyst, teal.fm's front end (teal-fm/teal, apps/amethyst): an Expo (React Native) app,
# exported here for the web only, as static files. The AppView it talks to and its own URL
# (the OAuth client id) are compiled in: `EXPO_PUBLIC_DID_WEB` and `EXPO_PUBLIC_BASE_URL`,
# given as `tealDid` and `baseUrl` (services.teal-fm-teal.amethyst sets both). Dependencies
# are lockfile-exact (node-deps.json, from the workspace's pnpm-lock.yaml at teal-fm-teal's
# pin, which this package builds from: a bump of teal-fm-teal regenerates this list too).
{
  lib,
  buildPnpmWorkspace,
  teal-fm-teal,
  nodejs_22,
  tealDid ? null,
  baseUrl ? null,
}:
buildPnpmWorkspace {
  pname = "amethyst";
  inherit (teal-fm-teal) version;
  src = teal-fm-teal.src;
  nodeDeps = ./node-deps.json;
  nodejs = nodejs_22;
  workspace = "@teal/amethyst";
  appDir = "apps/amethyst";

  # lexicons/{app,chat,com,tools} link into the vendor/atproto submodule.
  postPatch = ''
    mkdir -p vendor/atproto
    cp -r ${teal-fm-teal.atprotoLexicons}/lexicons vendor/atproto/lexicons
  '';

  env =
    {
      # No telemetry, no version checks against Expo's servers, no prompts.
      EXPO_NO_TELEMETRY = "1";
      EXPO_OFFLINE = "1";
      CI = "1";
    }
    // lib.optionalAttrs (tealDid != null) {EXPO_PUBLIC_DID_WEB = tealDid;}
    // lib.optionalAttrs (baseUrl != null) {EXPO_PUBLIC_BASE_URL = baseUrl;};

  # The TypeScript lexicons (upstream's postinstall, `lex:gen-server`), then the web export
  # (`build:web` without its `--clear`).
  buildPhase = ''
    runHook preBuild
    (cd packages/lexicons && bash ./lex-gen.sh)
    cd apps/amethyst
    node ../../node_modules/expo/bin/cli export --output-dir ./build --platform web
    runHook postBuild
  '';

  installPhase = ''
    runHook preInstall
    cp -r build $out
    runHook postInstall
  '';

  meta = {
    description = "teal.fm's web front end (Expo web export, static files)";
    homepage = "https://github.com/teal-fm/teal/tree/main/apps/amethyst";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
    # Static files for a web server, not a program.
    mainProgram = null;
  };
}
