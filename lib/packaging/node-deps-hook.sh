# shellcheck shell=bash
# Installs a Node project's dependencies offline from per-entry fetches (node-deps.nix):
# `atpkgs-lock offline` checks the project's lockfile against the committed list and points
# each entry at its fetched tarball, then pnpm or npm installs from the frozen lockfile.
#
# Set by the builder: nodeDepsManifest (file), nodeDepsLockfile (path from the build's
# directory), nodeDepsManager (pnpm or npm); optional pnpmWorkspaces, pnpmInstallFlags,
# npmInstallFlags, npmRebuildFlags, npmFlags.

nodeDepsInstall() {
  echo "Executing nodeDepsInstall"
  local lockfile=${nodeDepsLockfile:?nodeDepsLockfile is not set}
  local manifest=${nodeDepsManifest:?nodeDepsManifest is not set}

  # Package managers write their configuration and caches under HOME.
  if [ ! -w "${HOME:-/homeless-shelter}" ]; then export HOME=$TMPDIR; fi

  # The tarballs are linked from the build's temporary folder: nothing the package manager
  # records then names their store paths, which would keep them in the closure.
  cp "$lockfile" "$TMPDIR/lockfile.orig"
  atpkgs-lock offline --link-dir "$TMPDIR/node-deps" "$lockfile" "$manifest"

  case ${nodeDepsManager:?nodeDepsManager is not set} in
    pnpm)
      local filters=() workspace
      for workspace in ${pnpmWorkspaces-}; do filters+=("--filter=$workspace"); done
      # The project's `packageManager` may name another pnpm: use this one, fetch none.
      pnpm install --offline --frozen-lockfile --ignore-scripts \
        --store-dir "$TMPDIR/pnpm-store" \
        --config.manage-package-manager-versions=false \
        --config.package-manager-strict=false \
        "${filters[@]}" ${pnpmInstallFlags-}
      ;;
    npm)
      # What later npm commands (prune, pack) need to run offline too.
      npm config set offline true
      npm config set progress false
      npm config set fund false
      npm config set audit false
      npm ci --ignore-scripts ${npmInstallFlags-} ${npmFlags-}
      ;;
    *)
      echo "nodeDepsInstall: nodeDepsManager must be pnpm or npm, not $nodeDepsManager" >&2
      return 1
      ;;
  esac

  cp "$TMPDIR/lockfile.orig" "$lockfile"
  if declare -F patchShebangs >/dev/null; then patchShebangs node_modules; fi
  if [ "$nodeDepsManager" = npm ]; then
    npm rebuild ${npmRebuildFlags-} ${npmFlags-}
    if declare -F patchShebangs >/dev/null; then patchShebangs node_modules; fi
  fi
  echo "Finished nodeDepsInstall"
}

if [ -z "${dontNodeDepsInstall-}" ]; then
  postConfigureHooks+=(nodeDepsInstall)
fi
