# shellcheck shell=bash
# Installs a Node project's dependencies without the network from per-entry fetches (node-deps.nix):
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

  cp "$lockfile" "$TMPDIR/lockfile.orig"
  case ${nodeDepsManager:?nodeDepsManager is not set} in
    pnpm)
      local filters=() workspace
      for workspace in ${pnpmWorkspaces-}; do filters+=("--filter=$workspace"); done
      # pnpm 10.34 and later refuse a local file as a registry package's tarball, so the
      # tarballs are served on loopback while pnpm installs from the frozen lockfile (their URLs
      # name no store path). The project's `packageManager` may name another pnpm: use this
      # one, fetch none.
      atpkgs-lock offline --serve "$lockfile" "$manifest" -- \
        pnpm install --frozen-lockfile --ignore-scripts \
        --store-dir "$TMPDIR/pnpm-store" \
        --config.manage-package-manager-versions=false \
        --config.package-manager-strict=false \
        "${filters[@]}" ${pnpmInstallFlags-}
      # The build's later pnpm commands (`pnpm run`, and pnpm in the scripts it runs) would
      # fetch that pnpm too: switched off in the user configuration, which they all read (set
      # outside the project, where pnpm would switch first).
      (cd "$TMPDIR" && pnpm config set manage-package-manager-versions false)
      ;;
    npm)
      # Links from the build's temporary folder: nothing npm records then names the tarballs'
      # store paths, which would keep them in the closure.
      atpkgs-lock offline --link-dir "$TMPDIR/node-deps" "$lockfile" "$manifest"
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
