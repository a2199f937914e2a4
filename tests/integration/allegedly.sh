# shellcheck shell=bash
# Allegedly, at-microcosm's PLC mirror: the crates.io release of the packaged version, started
# with services.microcosm-allegedly's rendered unit (tests/integration/microcosm-allegedly.nix)
# against Debian's PostgreSQL on a socket in a temporary directory, with the upstream directory
# and the wrapped did-method-plc server stubbed (plc-stub.py). Sourced by tests/integration/run.
section "Allegedly (services.microcosm-allegedly, from crates.io, with Debian's PostgreSQL)"

allegedly_rendered=$(jq -c '."microcosm-allegedly"' "$work/units.json")
allegedly_unit=$(jq -c '.units."microcosm-allegedly"' <<<"$allegedly_rendered")
allegedly_store_package=$(jq -r .packages.allegedly.path <<<"$allegedly_rendered")
allegedly_version=$(jq -r .packages.allegedly.version <<<"$allegedly_rendered")
allegedly_rev=$(jq -r .packages.allegedly.rev <<<"$allegedly_rendered")
allegedly_url=http://127.0.0.1:$(grep -o -- '--bind [^ ]*' <<<"$(jq -r .script <<<"$allegedly_unit")" | sed 's/.*://')
allegedly_root=$cache/allegedly-$allegedly_version

if [ -x "$allegedly_root/bin/allegedly" ] ||
  cargo install --quiet --locked allegedly --version "$allegedly_version" --root "$allegedly_root" >"$work/allegedly-install.log" 2>&1; then
  pass "install allegedly $allegedly_version from crates.io (cached in $cache)"
else
  fail "install allegedly $allegedly_version from crates.io" "$work/allegedly-install.log"
  return 0
fi

# The crate names the commit it was published from; the package pins at-microcosm's.
published_from() {
  local crate
  crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"allegedly-$allegedly_version.crate" | head -n 1)
  tar -xzOf "$crate" "allegedly-$allegedly_version/.cargo_vcs_info.json" | jq -r .git.sha1
}
check "the crate was published from at-microcosm/allegedly $allegedly_rev, the commit the package pins" \
  test "$(published_from)" = "$allegedly_rev"

psql_plc() { psql -h "$pg_dir" -U plc -d plc -v ON_ERROR_STOP=1 -qAt "$@"; }

# The database and role services.postgresql makes (ensureDatabases, ensureUsers), and the
# tables did-method-plc's migrations make: Allegedly checks for them and writes into them,
# but creates none.
if pg_start "$work/pg.log" && pg_database plc >>"$work/pg.log" 2>&1 &&
  psql_plc >>"$work/pg.log" 2>&1 <<'SQL'; then
CREATE TABLE kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL);
INSERT INTO kysely_migration VALUES ('_20221020T204908820Z', ''), ('_20230223T215019669Z', ''),
  ('_20230406T174552885Z', ''), ('_20231128T203323431Z', '');
CREATE TABLE dids (did text PRIMARY KEY);
CREATE TABLE operations (did text NOT NULL, operation jsonb NOT NULL, cid text NOT NULL,
  nullified boolean NOT NULL DEFAULT false, "createdAt" timestamptz NOT NULL, PRIMARY KEY (did, cid));
CREATE INDEX operations_did_createdat_idx ON operations (did, "createdAt");
CREATE INDEX "operations_createdAt_index" ON operations ("createdAt");
-- The mirror continues from the newest operation of a backfilled database: the first one.
INSERT INTO operations VALUES ('did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', '{"type": "plc_operation"}',
  'bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false, '2026-01-01T00:00:00Z');
INSERT INTO dids VALUES ('did:plc:aaaaaaaaaaaaaaaaaaaaaaaa');
SQL
  pass "PostgreSQL on a socket in a temporary directory, with the wrapped server's database"
else
  fail "PostgreSQL with the wrapped server's database" "$work/pg.log"
  pg_stop
  return 0
fi

if ! curl -sf http://127.0.0.1:28599/_health >/dev/null 2>&1; then
  python3 tests/integration/plc-stub.py 28599 "$work/stub.log" >"$work/stub.out" 2>&1 &
  pids+=($!)
  wait_for_http http://127.0.0.1:28599/_health 10
fi

note "stand-ins: $allegedly_store_package -> allegedly $allegedly_version from crates.io; /run/postgresql -> $pg_dir"
mkdir -p "$work/state/microcosm-allegedly" "$work/credentials/microcosm-allegedly"
start_unit "$allegedly_unit" "$work/allegedly.log" "$work/credentials/microcosm-allegedly" "$work/state/microcosm-allegedly" \
  "$allegedly_store_package" "$allegedly_root" /run/postgresql "$pg_dir"
allegedly_pid=$started_pid

if wait_for_http "$allegedly_url/_health" 60; then
  pass "Allegedly starts with the rendered command and serves /_health"
else
  fail "Allegedly starts with the rendered command and serves /_health" "$work/allegedly.log"
fi
check "/_health reports the mirror, the wrapped server and the upstream as reachable" \
  json_is "$allegedly_url/_health" \
  "(.server | test(\"mirror\")) and .version == \"$allegedly_version\" and .wrapped_plc.version == \"plc-stub\" and .upstream_plc.version == \"plc-stub\""

mirrored() {
  local i
  for ((i = 0; i < 60; i++)); do
    [ "$(psql_plc -c 'SELECT count(*) FROM operations')" = 2 ] && [ "$(psql_plc -c 'SELECT count(*) FROM dids')" = 2 ] && return 0
    sleep 0.5
  done
  psql_plc -c 'SELECT did, "createdAt" FROM operations'
  return 1
}
check "it copies the upstream's newer operation into the database (--wrap-pg, --upstream)" mirrored
check "it proxies reads to the wrapped server (--wrap)" \
  bash -c "curl -s '$allegedly_url/did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' >/dev/null && jq -e -s 'any(.path == \"/did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\")' '$work/stub.log'"

stop_unit "$allegedly_pid"
pg_stop
