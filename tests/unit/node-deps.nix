# Lockfile-exact Node dependencies (lib/packaging/node-deps.nix) and the builders' modes: the
# fetches carry the lockfile's URLs and integrities, follow the platform as npm does, and the
# builders pick the package manager and hook the lockfile needs.
{
  lib,
  pkgs,
  ...
}: let
  inherit (pkgs.atproto) buildPnpmWorkspace buildNpmProject nodeDepsFrom;
  data = ../data/node;

  project = dir: {
    pname = "fixture";
    version = "1.0.0";
    src = data + "/${dir}";
    nodeDeps = data + "/${dir}/node-deps.json";
  };

  # The crate's own edge cases (atpkgs-lock's tests/fixtures/pnpm-v9): platforms, a hash list,
  # a git and a plain tarball dependency without integrity.
  edgeCases = ../data/node/edge-cases.json;
  unpinnedHashes = {
    "git+https://github.com/example/viagit.git#89abcdef0123456789abcdef0123456789abcdef" = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
    "https://codeload.github.com/example/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567" = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
  };
  edge = nodeDepsFrom {
    nodeDeps = edgeCases;
    nodeDepsHashes = unpinnedHashes;
  };
  edgeOn = system:
    (import ../harness.nix {inherit system;}).pkgs.atproto.nodeDepsFrom {
      nodeDeps = edgeCases;
      nodeDepsHashes = unpinnedHashes;
    };
  fetchNames = deps: map (fetch: fetch.src.name) deps.fetches;

  pnpmApp = buildPnpmWorkspace (project "pnpm-workspace");
  pnpm8App = buildPnpmWorkspace (project "pnpm8-workspace");
  npmApp = buildNpmProject (project "npm-workspace");
  pnpmOf = package: (lib.findFirst (input: (input.pname or "") == "pnpm") {version = "none";} package.drvAttrs.nativeBuildInputs).version;
  hasInput = name: package: lib.any (input: (input.name or "") == name) package.drvAttrs.nativeBuildInputs;
  manifestOf = package: builtins.fromJSON (builtins.unsafeDiscardStringContext package.passthru.nodeDeps.manifest);
in {
  # Each tarball of the list is a fetchurl of its URL with the lockfile's integrity.
  testFetchesAreTheLockfileEntries = {
    expr = map (fetch: {inherit (fetch.src) url outputHash;}) pnpmApp.passthru.nodeDeps.fetches;
    expected =
      map (tarball: {
        inherit (tarball) url;
        outputHash = tarball.integrity;
      })
      (lib.importJSON (data + "/pnpm-workspace/node-deps.json")).tarballs;
  };

  # Store names as `npm pack` names the files.
  testFetchNames = {
    expr = lib.take 3 (fetchNames edge);
    expected = ["img-sharp-linux-x64-0.33.5.tgz" "jsr-std__path-1.0.8.tgz" "chalk-4.1.2.tgz"];
  };

  # npm's os/cpu/libc rules: the darwin-arm64 build is not fetched on x86_64-linux; on
  # aarch64-linux neither is the x64 one.
  testPlatformsX86Linux = {
    expr = lib.filter (lib.hasPrefix "img-") (fetchNames edge);
    expected = ["img-sharp-linux-x64-0.33.5.tgz"];
  };
  testPlatformsAarch64Linux = {
    expr = lib.filter (lib.hasPrefix "img-") (fetchNames (edgeOn "aarch64-linux"));
    expected = [];
  };

  # With several hashes in the integrity, the strongest one is fetched with.
  testHashListUsesStrongest = {
    expr = (lib.findFirst (fetch: fetch.dep.name or "" == "legacy") null edge.fetches).src.outputHash;
    expected = (lib.findFirst (t: t.name == "legacy") null (lib.importJSON edgeCases).tarballs).hash;
  };

  # Entries without integrity: fetchgit (packed into a tarball) and fetchurl with the given hashes.
  testUnpinnedFetches = {
    expr = map (fetch: fetch.src.name) (lib.filter (fetch: fetch.dep ? kind) edge.fetches);
    expected = ["viagit-3.0.0.tgz" "gitdep-2.0.0.tgz"];
  };
  testUnpinnedGitCheckout = {
    expr = let
      packed = (lib.findFirst (fetch: fetch.dep.name == "viagit") null edge.fetches).src;
      checkout = pkgs.fetchgit {
        url = "https://github.com/example/viagit.git";
        rev = "89abcdef0123456789abcdef0123456789abcdef";
        hash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
      };
    in
      lib.hasInfix (builtins.unsafeDiscardStringContext checkout.outPath) (builtins.unsafeDiscardStringContext packed.drvAttrs.buildCommand);
    expected = true;
  };

  # The hook's manifest: the list, its file name and each fetch's store path by id.
  testManifest = let
    manifest = manifestOf pnpmApp;
  in {
    expr = {
      inherit (manifest) list kind lockfileVersion;
      paths = lib.all (lib.hasPrefix builtins.storeDir) (lib.attrValues manifest.fetched);
      ids = lib.attrNames manifest.fetched == lib.sort (a: b: a < b) (map (fetch: fetch.id) pnpmApp.passthru.nodeDeps.fetches);
    };
    expected = {
      list = "node-deps.json";
      kind = "pnpm";
      lockfileVersion = "9.0";
      paths = true;
      ids = true;
    };
  };

  # pnpm 10 for version 9 lockfiles, pnpm 9 for pnpm 8's version 6 (pnpm 10 refuses them).
  testPnpmByLockfileVersion = {
    expr = [(pnpmOf pnpmApp) (pnpmOf pnpm8App)];
    expected = [pkgs.pnpm_10.version pkgs.pnpm_9.version];
  };

  # Lockfile-exact builds run our hook (which brings atpkgs-lock), not nixpkgs' pnpm hook.
  testPnpmHook = {
    expr = {
      ours = hasInput "atpkgs-node-deps-hook" pnpmApp;
      nixpkgs = hasInput "pnpm-config-hook" pnpmApp;
      inherit (pnpmApp.drvAttrs) nodeDepsManager nodeDepsLockfile;
      lock = lib.head (lib.findFirst (input: (input.name or "") == "atpkgs-node-deps-hook") null pnpmApp.drvAttrs.nativeBuildInputs).drvAttrs.propagatedBuildInputs == pkgs.atproto.atpkgs-lock;
    };
    expected = {
      ours = true;
      nixpkgs = false;
      nodeDepsManager = "pnpm";
      nodeDepsLockfile = "pnpm-lock.yaml";
      lock = true;
    };
  };

  # npm: nixpkgs' buildNpmPackage with our hook in place of its npmConfigHook.
  testNpmLockfileExact = {
    expr = {
      ours = hasInput "atpkgs-node-deps-hook" npmApp;
      nixpkgsConfig = hasInput "npm-config-hook" npmApp;
      nixpkgsInstall = hasInput "npm-install-hook" npmApp;
      inherit (npmApp.drvAttrs) nodeDepsManager nodeDepsLockfile;
    };
    expected = {
      ours = true;
      nixpkgsConfig = false;
      nixpkgsInstall = true;
      nodeDepsManager = "npm";
      nodeDepsLockfile = "package-lock.json";
    };
  };
  testNpmFixedOutput = {
    expr = let
      package = buildNpmProject {
        pname = "fixture";
        version = "1.0.0";
        src = data + "/npm-workspace";
        npmDepsHash = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
      };
    in [package.drvAttrs.npmDeps.outputHash (hasInput "npm-config-hook" package)];
    expected = ["sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=" true];
  };
}
