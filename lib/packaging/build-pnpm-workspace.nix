# buildPnpmWorkspace: one app of a pnpm workspace, installed with a `node` wrapper.
#
#   buildPnpmWorkspace {
#     pname = "frontpage"; version = "…"; src = fetchFromGitHub { … };
#     pnpmDepsHash = "sha256-…";         # of pnpm_10.fetchDeps with fetcherVersion 2
#     workspace = "@frontpage/frontpage";   # the package to build (filtered with its dependencies)
#     appDir = "packages/frontpage";      # where it lives in the workspace
#     nextStandalone = true;              # Next.js `output: "standalone"`
#   }
#
# Without `nextStandalone`, the app directory and the workspace's node_modules are installed
# and `entrypoint` (relative to `appDir`) is run by node. `catalog:` dependencies work with
# pnpm ≥ 9.5 (pnpm_9 and pnpm_10 at our pin).
{
  lib,
  stdenv,
  nodejs_22,
  pnpm_10,
  makeWrapper,
}: {
  pname ? throw "buildPnpmWorkspace: `pname` is required",
  version ? throw "buildPnpmWorkspace: `version` is required",
  src ? throw "buildPnpmWorkspace: `src` is required",
  pnpmDepsHash ? throw "buildPnpmWorkspace: `pnpmDepsHash` is required: the hash of pnpm.fetchDeps (fetcherVersion 2) produced by a build",
  workspace ? null,
  appDir ? ".",
  nextStandalone ? false,
  entrypoint ? "dist/index.js",
  binaryName ? pname,
  buildScript ? "build",
  nodejs ? nodejs_22,
  pnpm ? pnpm_10,
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

  wrapperFlags = concatStringsSep " " (mapAttrsToList (name: value: "--set-default ${name} ${escapeShellArg (toString value)}") environment);

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
in
  assert lib.assertMsg (lib.versionAtLeast pnpm.version "9.5")
  "buildPnpmWorkspace: pnpm ${pnpm.version} is too old; pnpm catalogs and current lockfiles need pnpm >= 9.5 (use pnpm_9 or pnpm_10)";
    stdenv.mkDerivation (finalAttrs:
      removeAttrs args ["pnpmDepsHash" "workspace" "appDir" "nextStandalone" "entrypoint" "binaryName" "buildScript" "environment" "nodejs" "pnpm"]
      // {
        inherit pname version src pnpmWorkspaces pnpmInstallFlags prePnpmInstall;

        # Everything that changes what `pnpm install` sees is shared with the derivation.
        pnpmDeps = pnpm.fetchDeps ({
            inherit (finalAttrs) pname version src pnpmWorkspaces pnpmInstallFlags prePnpmInstall;
            fetcherVersion = 2;
            hash = pnpmDepsHash;
          }
          // lib.optionalAttrs (args ? sourceRoot) {inherit (args) sourceRoot;});

        nativeBuildInputs = nativeBuildInputs ++ [nodejs pnpm.configHook makeWrapper];

        buildPhase =
          args.buildPhase
          or ''
            runHook preBuild
            pnpm ${filterFlags} run ${escapeShellArg buildScript}
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
      })
