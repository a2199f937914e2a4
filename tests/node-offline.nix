# The fixture projects of tests/data/node built with the lockfile-exact builders, described
# for tests/node-offline: what the builder hands its install hook, and each fetch.
let
  harness = import ./harness.nix {};
  inherit (harness) lib;
  inherit (harness.pkgs.atproto) buildPnpmWorkspace buildNpmProject;
  data = ./data/node;

  project = dir: {
    pname = "fixture-${dir}";
    version = "1.0.0";
    src = data + "/${dir}";
    nodeDeps = data + "/${dir}/node-deps.json";
  };

  describe = package: require: let
    attrs = package.drvAttrs;
    pnpm = lib.findFirst (input: (input.pname or "") == "pnpm") null attrs.nativeBuildInputs;
  in {
    inherit require;
    src = toString package.src;
    inherit (attrs) nodeDepsLockfile nodeDepsManager;
    pnpmWorkspaces = attrs.pnpmWorkspaces or [];
    pnpmVersion =
      if pnpm == null
      then null
      else pnpm.version;
    inherit (package.passthru.nodeDeps) manifest;
    fetches =
      map (fetch: {
        inherit (fetch.dep) name version;
        hash = fetch.dep.hash or fetch.dep.integrity;
        file = fetch.src.name;
        path = fetch.src.outPath;
      })
      package.passthru.nodeDeps.fetches;
  };

  app = "console.log(require('./packages/app')())";
in {
  # pnpm 9 lockfile: workspace filter, catalog, `npm:` alias, peer dependency.
  pnpm-v9 = describe (buildPnpmWorkspace (project "pnpm-workspace"
    // {
      workspace = "@fixture/app";
      appDir = "packages/app";
    }))
  app;
  # pnpm 8 lockfile (version 6), with `packageManager: pnpm@8…`: installed by pnpm 9.
  pnpm-v6 = describe (buildPnpmWorkspace (project "pnpm8-workspace")) app;
  # npm lockfile version 3 with workspaces and an alias.
  npm-v3 = describe (buildNpmProject (project "npm-workspace")) app;

  # A downstream project of atpkgs' @atproto/api, as its docs (packaging.md) write it: the
  # package in buildInputs, whose setup hook links it into node_modules before the build.
  atproto-consumer = let
    inherit (harness.pkgs) stdenv nodejs_22;
    api = harness.pkgs.atproto.atproto-api;
    consumer = stdenv.mkDerivation {
      pname = "atproto-consumer";
      version = "1.0.0";
      src = data + "/atproto-consumer";
      nativeBuildInputs = [nodejs_22];
      buildInputs = [api];
      buildPhase = ''
        runHook preBuild
        node main.js > result.json
        runHook postBuild
      '';
      installPhase = ''
        mkdir -p $out/lib/atproto-consumer
        cp -r node_modules package.json main.js result.json $out/lib/atproto-consumer/
      '';
    };
  in {
    src = toString consumer.src;
    inherit (consumer.drvAttrs) buildPhase;
    inputs = map (input: input.name) consumer.drvAttrs.buildInputs;
    package = {
      inherit (api) name version;
      out = builtins.unsafeDiscardStringContext api.outPath;
      hook = toString api.drvAttrs.setupHook;
      inherit (api.drvAttrs) nodeModuleName;
    };
  };
}
