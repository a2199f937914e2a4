# buildPnpmWorkspace: one app of a pnpm workspace, installed with a `node` wrapper.
#
#   buildPnpmWorkspace {
#     pname = "frontpage"; version = "…"; src = fetchFromGitHub { … };
#     nodeDeps = ./node-deps.json;        # lockfile-exact: one fetch per lockfile entry
#     # pnpmDepsHash = "sha256-…";        # or one fixed-output hash (fetchPnpmDeps, fetcherVersion 3)
#     workspace = "@frontpage/frontpage";   # the package to build (filtered with its dependencies)
#     appDir = "packages/frontpage";      # where it lives in the workspace
#     nextStandalone = true;              # Next.js `output: "standalone"`
#   }
#
# Dependencies come one of two ways (docs/packaging.md, "Node dependencies from a lockfile"):
# `nodeDeps`, the list `atpkgs-lock write pnpm-lock.yaml` transcribes, fetched entry by entry
# and installed by pnpm offline from the frozen lockfile (node-deps-hook.sh), with
# `nodeDepsHashes` for entries the lockfile records without an integrity; or `pnpmDepsHash`,
# nixpkgs' fixed-output `fetchPnpmDeps` (fetcherVersion 3, accepted by 26.05 and 26.11; a hash
# produced with another version keeps it through `pnpmDepsFetcherVersion`). A version 6
# lockfile (pnpm 8) is installed with pnpm 9: pnpm 10 refuses it.
#
# Without `nextStandalone`, the app directory and the workspace's node_modules are installed
# and `entrypoint` (relative to `appDir`) is run by node. `catalog:` dependencies work with
# pnpm ≥ 9.5 (pnpm_9, pnpm_10 and pnpm_11 in nixpkgs 26.05).
{
  lib,
  stdenv,
  nodejs_22,
  pnpm_9,
  pnpm_10,
  fetchPnpmDeps,
  pnpmConfigHook,
  makeWrapper,
  writeText,
  nodeDepsFrom,
}: {
  pname ? throw "buildPnpmWorkspace: `pname` is required",
  version ? throw "buildPnpmWorkspace: `version` is required",
  src ? throw "buildPnpmWorkspace: `src` is required",
  nodeDeps ? null,
  nodeDepsHashes ? {},
  pnpmDepsHash ? null,
  pnpmDepsFetcherVersion ? 3,
  # The lockfile, relative to the build's directory (the source root or `sourceRoot`).
  lockfile ? "pnpm-lock.yaml",
  workspace ? null,
  appDir ? ".",
  nextStandalone ? false,
  entrypoint ? "dist/index.js",
  binaryName ? pname,
  # Flags for node itself (e.g. `--enable-source-maps`), before the script.
  nodeFlags ? [],
  buildScript ? "build",
  nodejs ? nodejs_22,
  pnpm ? null,
  pnpmInstallFlags ? [],
  prePnpmInstall ? "",
  nativeBuildInputs ? [],
  environment ? {},
  meta ? {},
  ...
} @ args: let
  inherit (lib) concatStringsSep escapeShellArg mapAttrsToList;

  # Install the app and its workspace dependencies only.
  pnpmWorkspaces = args.pnpmWorkspaces or (lib.optional (workspace != null) "${workspace}...");
  filterFlags = concatStringsSep " " (map (name: "--filter=${escapeShellArg name}") pnpmWorkspaces);
  share = "$out/share/${pname}";

  wrapperFlags =
    concatStringsSep " " (mapAttrsToList (name: value: "--set-default ${name} ${escapeShellArg (toString value)}") environment
      ++ map (flag: "--add-flags ${escapeShellArg flag}") nodeFlags);

  installNextStandalone = ''
    mkdir -p ${share}
    cp -r ${appDir}/.next/standalone/. ${share}/
    mkdir -p ${share}/${appDir}/.next
    cp -r ${appDir}/.next/static ${share}/${appDir}/.next/static
    if [ -d ${appDir}/public ]; then cp -r ${appDir}/public ${share}/${appDir}/public; fi
    makeWrapper ${lib.getExe nodejs} $out/bin/${binaryName} ${wrapperFlags} \
      --add-flags ${share}/${appDir}/server.js
  '';

  installNodeApp = ''
    mkdir -p ${share}
    cp -r . ${share}/
    makeWrapper ${lib.getExe nodejs} $out/bin/${binaryName} ${wrapperFlags} \
      --add-flags ${share}/${appDir}/${entrypoint}
  '';

  lockfileExact =
    if (nodeDeps == null) == (pnpmDepsHash == null)
    then throw "buildPnpmWorkspace: set exactly one of `nodeDeps` (one fetch per lockfile entry, from `atpkgs-lock write`) and `pnpmDepsHash` (one fixed-output hash of fetchPnpmDeps)"
    else nodeDeps != null;

  deps = nodeDepsFrom {inherit nodeDeps nodeDepsHashes;};

  # pnpm 10 refuses version 6 lockfiles (ERR_PNPM_LOCKFILE_BREAKING_CHANGE); pnpm 9 reads both.
  lockfileV6 = lockfileExact && deps.lockfileMajor == "6";
  pnpm' =
    if pnpm != null
    then pnpm
    else if lockfileV6
    then pnpm_9
    else pnpm_10;

  # Lockfile-exact: the hook installs from the per-entry fetches in postConfigure.
  lockfileExactAttrs = {
    nodeDepsManifest = writeText "${pname}-node-deps-manifest.json" deps.manifest;
    nodeDepsLockfile = lockfile;
    nodeDepsManager = "pnpm";
    passthru = (args.passthru or {}) // {nodeDeps = deps;};
  };

  # Everything that changes what `pnpm install` sees is shared with the derivation.
  fixedOutputAttrs = finalAttrs: {
    pnpmDeps = fetchPnpmDeps ({
        inherit (finalAttrs) pname version src pnpmWorkspaces pnpmInstallFlags prePnpmInstall;
        pnpm = pnpm';
        fetcherVersion = pnpmDepsFetcherVersion;
        hash = pnpmDepsHash;
      }
      // lib.optionalAttrs (args ? sourceRoot) {inherit (args) sourceRoot;});
  };
in
  assert lib.assertMsg (!lockfileExact || deps.kind == "pnpm")
  "buildPnpmWorkspace: ${deps.listName} was written from a ${deps.kind} lockfile, not pnpm-lock.yaml";
  assert lib.assertMsg (!(lockfileV6 && lib.versionAtLeast pnpm'.version "10"))
  "buildPnpmWorkspace: pnpm ${pnpm'.version} refuses version 6 lockfiles (pnpm 8's); use pnpm_9";
  assert lib.assertMsg (lib.versionAtLeast pnpm'.version "9.5" || lockfileV6)
  "buildPnpmWorkspace: pnpm ${pnpm'.version} is too old; pnpm catalogs and current lockfiles need pnpm >= 9.5 (use pnpm_9 or pnpm_10)";
    stdenv.mkDerivation (finalAttrs:
      removeAttrs args ["nodeDeps" "nodeDepsHashes" "pnpmDepsHash" "pnpmDepsFetcherVersion" "lockfile" "workspace" "appDir" "nextStandalone" "entrypoint" "binaryName" "nodeFlags" "buildScript" "environment" "nodejs" "pnpm"]
      // {
        inherit pname version src pnpmWorkspaces pnpmInstallFlags prePnpmInstall;

        nativeBuildInputs =
          nativeBuildInputs
          ++ [nodejs makeWrapper]
          ++ (
            if lockfileExact
            then [pnpm' deps.hook]
            else [pnpm' pnpmConfigHook]
          );

        # The project's `packageManager` may name another pnpm, which pnpm would download
        # before running the script: use this one.
        buildPhase =
          args.buildPhase
          or ''
            runHook preBuild
            pnpm --config.manage-package-manager-versions=false --config.package-manager-strict=false ${filterFlags} run ${escapeShellArg buildScript}
            runHook postBuild
          '';

        installPhase =
          args.installPhase
          or ''
            runHook preInstall
            ${
              if nextStandalone
              then installNextStandalone
              else installNodeApp
            }
            runHook postInstall
          '';

        meta = {mainProgram = binaryName;} // meta;
      }
      // (
        if lockfileExact
        then lockfileExactAttrs
        else fixedOutputAttrs finalAttrs
      ))
