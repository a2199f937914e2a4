# shellcheck shell=bash
# Ozone: @atproto/ozone from the npm registry (the version the package builds) with atpkgs'
# entrypoints (pkgs/bluesky/ozone), started with services.bluesky-ozone's rendered units
# (tests/integration/bluesky-ozone.nix) on the Node version the package uses, against Debian's
# PostgreSQL and the PLC/AppView stub (plc-stub.py). Sourced by tests/integration/run.
section "Ozone (services.bluesky-ozone with @atproto/ozone from npm, PostgreSQL)"

ozone_rendered=$(jq -c '."bluesky-ozone"' "$work/units.json")
ozone_unit() { jq -c --arg unit "$1" '.units[$unit]' <<<"$ozone_rendered"; }
ozone_package() { jq -r --arg name "$1" --arg field "$2" '.packages[$name][$field]' <<<"$ozone_rendered"; }
ozone_url=http://127.0.0.1:$(ozone_unit bluesky-ozone | jq -r .environment.OZONE_PORT)

ozone_version=$(served_version @atproto/ozone "$(ozone_package ozone version)")
ozone_node_version=$(ozone_package nodejs version)
note "packaged @atproto/ozone $(ozone_package ozone version) on Node $ozone_node_version; the registry serves $ozone_version, which this test runs"
# The monorepo's own libraries pinned to the versions the package builds (see appview.sh).
mapfile -t ozone_pins < <(jq -r '.packages | to_entries[] | select(.key | test("^@atproto/(bsky|bsync|ozone|lex-cli)$") | not)
  | select(.key | startswith("@")) | "\(.key)@\(.value.version)"' <<<"$ozone_rendered")
if ozone_node=$(node_binary "$ozone_node_version" 2>"$work/ozone-install.log") &&
  ozone_dir=$(npm_install "ozone-$ozone_version" "@atproto/ozone@$ozone_version" "${ozone_pins[@]}" 2>>"$work/ozone-install.log"); then
  pass "install Node $ozone_node_version and @atproto/ozone@$ozone_version from the npm registry (cached in $cache), with the monorepo's libraries at the package's versions"
else
  fail "install Node and @atproto/ozone from the npm registry" "$work/ozone-install.log"
  return 0
fi

# The stand-in for the package: its two programs as its wrappers run them, atpkgs' entrypoints
# beside the registry's node_modules.
ozone_standin=$work/ozone-package
mkdir -p "$ozone_standin/bin" "$ozone_standin/share"
cp pkgs/bluesky/atproto/listen.mjs pkgs/bluesky/ozone/api.mjs pkgs/bluesky/ozone/daemon.mjs "$ozone_standin/share/"
ln -s "$ozone_dir/node_modules" "$ozone_standin/share/node_modules"
for program in bluesky-ozone:api.mjs bluesky-ozone-daemon:daemon.mjs; do
  printf '#!/usr/bin/env bash\nexport NODE_ENV=${NODE_ENV:-production}\nexec %s --enable-source-maps %s "$@"\n' \
    "$ozone_node" "$ozone_standin/share/${program#*:}" >"$ozone_standin/bin/${program%%:*}"
  chmod +x "$ozone_standin/bin/${program%%:*}"
done
note "stand-ins: $(ozone_package ozone path) -> @atproto/ozone@$ozone_version with atpkgs' entrypoints; /run/postgresql, %S and /run/secrets -> temporary directories"

if pg_start "$work/ozone-pg.log" && pg_database bluesky-ozone >>"$work/ozone-pg.log" 2>&1; then
  pass "PostgreSQL with the database and role services.postgresql makes (bluesky-ozone)"
else
  fail "PostgreSQL with Ozone's database" "$work/ozone-pg.log"
  pg_stop
  return 0
fi
stub_start

# The signing key is the configuration's file; the admin password is made by the secrets unit.
mkdir -p "$work/secrets" "$work/state/bluesky-ozone-secrets"
secp256k1_hex >"$work/secrets/ozone-signing-key"
start_unit "$(ozone_unit bluesky-ozone-secrets)" "$work/bluesky-ozone-secrets.log" "$work/credentials/none" \
  "$work/state/bluesky-ozone-secrets"
wait "$started_pid"
check "the secrets unit makes the admin password" grep -Eqx '[0-9a-f]{32}' "$work/state/bluesky-ozone-secrets/admin-password"

ozone_start() {
  local unit=$1
  shift
  load_credentials "$(ozone_unit "$unit")" "$work/credentials/$unit" &&
    start_unit "$(ozone_unit "$unit")" "$work/$unit.log" "$work/credentials/$unit" "$work/state/$unit" \
      "$(ozone_package ozone path)" "$ozone_standin" /run/postgresql "$pg_dir" "$@"
}
ozone_start bluesky-ozone
ozone_pid=$started_pid
if wait_for_http "$ozone_url/xrpc/_health" 90; then
  pass "Ozone starts with the rendered unit and migrates its database"
else
  fail "Ozone starts with the rendered unit" "$work/bluesky-ozone.log"
fi
ozone_start bluesky-ozone-daemon
daemon_pid=$started_pid

admin=admin:$(cat "$work/state/bluesky-ozone-secrets/admin-password")
ozone_get() { curl --silent --show-error --fail --max-time 10 --user "$admin" "$ozone_url/xrpc/$1"; }
ozone_post() {
  curl --silent --show-error --fail-with-body --max-time 10 --user "$admin" --header 'Content-Type: application/json' \
    --data "$2" "$ozone_url/xrpc/$1"
}
check "/xrpc/_health answers version $ozone_version (Ozone reaches PostgreSQL)" \
  json_is "$ozone_url/xrpc/_health" ".version == \"$ozone_version\""
check "Ozone listens on 127.0.0.1 only" listens_on_loopback_only "${ozone_url##*:}"
set_roundtrip() {
  ozone_post tools.ozone.set.upsertSet '{"name": "atpkgs-test", "description": "made by tests/integration"}' &&
    ozone_get tools.ozone.set.querySets | jq -e '.sets | any(.name == "atpkgs-test")'
}
check "the admin password (a credential) authenticates: a moderation set is written and read back" set_roundtrip
check "queryStatuses answers for the admin: no subjects yet" bash -c "curl -sf --user '$admin' '$ozone_url/xrpc/tools.ozone.moderation.queryStatuses' | jq -e '.subjectStatuses == []'"
check "a wrong admin password is refused (401)" \
  test "$(curl -s -o /dev/null -w '%{http_code}' --user admin:wrong "$ozone_url/xrpc/tools.ozone.moderation.queryStatuses")" = 401
daemon_runs() {
  sleep 5
  kill -0 "$daemon_pid" && ! grep -q '"level":50' "$work/bluesky-ozone-daemon.log"
}
check "the daemon runs with the rendered unit, without errors" daemon_runs

if stop_unit "$daemon_pid" && stop_unit "$ozone_pid"; then
  pass "Ozone and its daemon stop on SIGTERM"
else
  fail "Ozone and its daemon stop on SIGTERM" "$work/bluesky-ozone.log"
fi
ozone_start bluesky-ozone OZONE_SERVER_DID= OZONE_SERVER_DIX=
if ! wait_for_http "$ozone_url/xrpc/_health" 15 && grep -q "serverDid is required" "$work/bluesky-ozone.log"; then
  pass "with one variable misspelt (OZONE_SERVER_DIX) Ozone does not start: the test catches wrong names"
else
  fail "with one variable misspelt Ozone must not start" "$work/bluesky-ozone.log"
fi
stop_unit "$started_pid"
pg_stop
