# shellcheck shell=bash
# Setup hook of the Node packages built from bluesky-social/atproto (pkgs/bluesky/atproto): a
# build with one of them in its buildInputs finds it in its own ./node_modules, for `import`
# and `require` alike (Node's ES modules ignore NODE_PATH). The link is made before the build
# phase, after the dependency install (which replaces node_modules); a package of the same name
# that the project's own lockfile installed is left in place.

atprotoLinkNodeModule() {
  local module=$1 name=$2
  if [ -e "node_modules/$name" ]; then
    echo "atprotoLinkNodeModule: node_modules/$name exists (from the project's lockfile), not linking $module"
    return 0
  fi
  mkdir -p "node_modules/$(dirname "$name")"
  ln -s "$module" "node_modules/$name"
}

preBuildHooks+=("atprotoLinkNodeModule @out@/lib/node_modules/@nodeModuleName@ @nodeModuleName@")
