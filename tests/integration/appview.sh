# shellcheck shell=bash
# The Bluesky AppView: @atproto/bsky and @atproto/bsync from the npm registry (the versions the
# packages build) with atpkgs' entrypoints (pkgs/bluesky/{appview,bsync}), started with
# services.bluesky-appview's rendered units (tests/integration/bluesky-appview.nix) on the
# Node version the packages use, against Debian's PostgreSQL, the PLC stub (plc-stub.py) and
# a PDS (@atproto/pds from npm) whose firehose the data plane indexes. Sourced by
# tests/integration/run.
section "Bluesky AppView (services.bluesky-appview with @atproto/bsky and @atproto/bsync from npm, PostgreSQL)"

appview_rendered=$(jq -c '."bluesky-appview"' "$work/units.json")
appview_unit() { jq -c --arg unit "$1" '.units[$unit]' <<<"$appview_rendered"; }
appview_package() { jq -r --arg name "$1" --arg field "$2" '.packages[$name][$field]' <<<"$appview_rendered"; }
appview_url=http://127.0.0.1:$(appview_unit bluesky-appview | jq -r .environment.BSKY_PORT)
appview_ports=("${appview_url##*:}" "$(appview_unit bluesky-appview-dataplane | jq -r .environment.BSKY_DATAPLANE_PORT)"
  "$(appview_unit bluesky-appview-bsync | jq -r .environment.BSYNC_PORT)")
appview_pds_port=28593

bsky_version=$(served_version @atproto/bsky "$(appview_package appview version)")
bsync_version=$(served_version @atproto/bsync "$(appview_package bsync version)")
appview_node_version=$(appview_package nodejs version)
note "packaged @atproto/bsky $(appview_package appview version) and @atproto/bsync $(appview_package bsync version) on Node $appview_node_version; the registry serves $bsky_version and $bsync_version, which this test runs"
# npm takes the newest release in each dependency's range; the monorepo's own libraries are
# pinned to the versions the packages build (the lockfile's), the rest follow the ranges.
mapfile -t appview_pins < <(jq -r '.packages | to_entries[] | select(.key | test("^@atproto/(bsky|bsync|ozone|lex-cli)$") | not)
  | select(.key | startswith("@")) | "\(.key)@\(.value.version)"' <<<"$appview_rendered")
if appview_node=$(node_binary "$appview_node_version" 2>"$work/appview-install.log") &&
  bsky_dir=$(npm_install "bsky-$bsky_version" "@atproto/bsky@$bsky_version" "${appview_pins[@]}" 2>>"$work/appview-install.log") &&
  bsync_dir=$(npm_install "bsync-$bsync_version" "@atproto/bsync@$bsync_version" "${appview_pins[@]}" 2>>"$work/appview-install.log"); then
  pass "install Node $appview_node_version, @atproto/bsky@$bsky_version and @atproto/bsync@$bsync_version from the npm registry (cached in $cache), with ${appview_pins[*]}"
else
  fail "install Node, @atproto/bsky and @atproto/bsync from the npm registry" "$work/appview-install.log"
  return 0
fi

# Stand-ins for the packages: their programs as the packages' wrappers run them, atpkgs'
# entrypoints beside the registry's node_modules (the packages' share/ directories).
appview_standin() {
  local package=$1 install=$2
  shift 2
  mkdir -p "$work/$package/bin" "$work/$package/share"
  cp pkgs/bluesky/atproto/listen.mjs "$work/$package/share/"
  ln -s "$install/node_modules" "$work/$package/share/node_modules"
  local program script
  while [ $# -ge 2 ]; do
    program=$1 script=$2
    shift 2
    cp "pkgs/bluesky/$script" "$work/$package/share/"
    printf '#!/usr/bin/env bash\nexport NODE_ENV=${NODE_ENV:-production}\nexec %s --enable-source-maps %s "$@"\n' \
      "$appview_node" "$work/$package/share/$(basename "$script")" >"$work/$package/bin/$program"
    chmod +x "$work/$package/bin/$program"
  done
}
appview_standin appview-package "$bsky_dir" bluesky-appview appview/api.mjs bluesky-appview-dataplane appview/dataplane.mjs
appview_standin bsync-package "$bsync_dir" bluesky-bsync bsync/bsync.mjs
note "stand-ins: $(appview_package appview path) -> @atproto/bsky@$bsky_version, $(appview_package bsync path) -> @atproto/bsync@$bsync_version, both with atpkgs' entrypoints; /run/postgresql, %S, %C and /run/secrets -> temporary directories"

if pg_start "$work/appview-pg.log" && pg_database bluesky-appview >>"$work/appview-pg.log" 2>&1; then
  pass "PostgreSQL with the database and role services.postgresql makes (bluesky-appview)"
else
  fail "PostgreSQL with the AppView's database" "$work/appview-pg.log"
  pg_stop
  return 0
fi
stub_start

# The secrets given as files (the configuration's /run/secrets), and the rest made by the
# rendered secrets unit, as on first boot.
mkdir -p "$work/secrets" "$work/state/bluesky-appview-secrets"
secp256k1_hex >"$work/secrets/appview-signing-key"
openssl rand -hex 16 >"$work/secrets/appview-admin-password"
appview_substitutions=(
  "$(appview_package appview path)" "$work/appview-package"
  "$(appview_package bsync path)" "$work/bsync-package"
  /run/postgresql "$pg_dir"
)
appview_start() {
  local unit=$1
  shift
  load_credentials "$(appview_unit "$unit")" "$work/credentials/$unit" &&
    start_unit "$(appview_unit "$unit")" "$work/$unit.log" "$work/credentials/$unit" "$work/state/$unit" \
      "${appview_substitutions[@]}" "$@"
}
make_secrets() {
  start_unit "$(appview_unit bluesky-appview-secrets)" "$work/bluesky-appview-secrets.log" "$work/credentials/none" \
    "$work/state/bluesky-appview-secrets" && wait "$started_pid"
}
secrets_made_once() {
  local file=$work/state/bluesky-appview-secrets/bsync-api-key key
  make_secrets && key=$(cat "$file") && grep -Eqx '[0-9a-f]{64}' <<<"$key" && [ "$(stat -c %a "$file")" = 600 ] &&
    make_secrets && [ "$(cat "$file")" = "$key" ]
}
check "the secrets unit makes the bsync key (0600) once: a second start keeps it" secrets_made_once

# A PDS on loopback (not the module's: only its firehose matters here) with an account and a
# post, for the data plane to index from the firehose and the API to serve.
pds_version=$(served_version @atproto/pds "$(jq -r '."atproto-pds".packages."atproto-pds".version' "$work/units.json")")
if pds_dir=$(pds_from_registry "$pds_version" 2>"$work/appview-pds.log"); then
  mkdir -p "$work/appview-pds"
  env -i PATH="$PATH" NODE_PATH="$pds_dir/node_modules" PDS_HOSTNAME=pds.test PDS_PORT=$appview_pds_port \
    PDS_DATA_DIRECTORY="$work/appview-pds" PDS_BLOBSTORE_DISK_LOCATION="$work/appview-pds/blocks" \
    PDS_JWT_SECRET="$(openssl rand -hex 16)" PDS_ADMIN_PASSWORD="$(openssl rand -hex 16)" \
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX="$(secp256k1_hex)" \
    PDS_DID_PLC_URL=http://127.0.0.1:28599 PDS_INVITE_REQUIRED=false PDS_SERVICE_HANDLE_DOMAINS=.pds.test \
    node tests/integration/pds-entrypoint.js >"$work/appview-pds.log" 2>&1 &
  pids+=($!)
fi
pds_xrpc() {
  local nsid=$1 body=$2
  shift 2
  curl --silent --show-error --fail-with-body --header 'Content-Type: application/json' "$@" \
    --data "$body" "http://127.0.0.1:$appview_pds_port/xrpc/$nsid"
}
if wait_for_http "http://127.0.0.1:$appview_pds_port/xrpc/_health" 60 &&
  account=$(pds_xrpc com.atproto.server.createAccount '{"email": "carol@example.test", "handle": "carol.pds.test", "password": "carol-password"}' 2>"$work/appview-account.err"); then
  carol=$(jq -r .did <<<"$account")
  access=$(jq -r .accessJwt <<<"$account")
  record() {
    pds_xrpc com.atproto.repo.createRecord "$(jq -n --arg did "$carol" --arg collection "$1" --argjson record "$2" --arg rkey "${3-}" \
      '{repo: $did, collection: $collection, record: $record} + (if $rkey == "" then {} else {rkey: $rkey} end)')" \
      --header "Authorization: Bearer $access"
  }
  if record app.bsky.actor.profile '{"$type": "app.bsky.actor.profile", "displayName": "Carol"}' self >/dev/null 2>>"$work/appview-account.err" &&
    record app.bsky.feed.post '{"$type": "app.bsky.feed.post", "text": "hello from services.bluesky-appview", "createdAt": "2026-12-05T12:00:00.000Z"}' >/dev/null 2>>"$work/appview-account.err"; then
    pass "a PDS (@atproto/pds@$pds_version) on loopback: an account ($carol) with a profile and a post"
  else
    fail "the PDS's account writes a profile and a post" "$work/appview-account.err"
  fi
else
  fail "a PDS (@atproto/pds@${pds_version:-?}) with an account, for the data plane to index" "$work/appview-pds.log"
fi

appview_start bluesky-appview-bsync
bsync_pid=$started_pid
bsync_url=http://127.0.0.1:${appview_ports[2]}
if wait_for_http "$bsync_url/_health" 60; then
  pass "bsync starts with the rendered unit and migrates its schema"
else
  fail "bsync starts with the rendered unit" "$work/bluesky-appview-bsync.log"
fi
check "bsync's /_health answers version $bsync_version" json_is "$bsync_url/_health" ".version == \"$bsync_version\""

appview_start bluesky-appview-dataplane
dataplane_pid=$started_pid
appview_start bluesky-appview
api_pid=$started_pid
if wait_for_http "$appview_url/xrpc/_health" 90; then
  pass "the data plane and the API start with the rendered units"
else
  fail "the data plane and the API start with the rendered units" "$work/bluesky-appview-dataplane.log"
  tail -n 20 "$work/bluesky-appview.log" | sed 's/^/     /'
fi

check "/xrpc/_health answers version $bsky_version (the API pings the data plane, which reaches PostgreSQL)" \
  json_is "$appview_url/xrpc/_health" ".version == \"$bsky_version\""
check "the data plane migrated schema bsky and bsync schema bsync, in one database" \
  bash -c "[ \"\$(psql -h '$pg_dir' -U bluesky-appview -d bluesky-appview -qAt -c \"SELECT count(*) > 20 FROM information_schema.tables WHERE table_schema = 'bsky'\")\" = t ] &&
    [ \"\$(psql -h '$pg_dir' -U bluesky-appview -d bluesky-appview -qAt -c \"SELECT count(*) > 0 FROM information_schema.tables WHERE table_schema = 'bsync'\")\" = t ]"
check "the API, the data plane and bsync listen on 127.0.0.1 only" listens_on_loopback_only "${appview_ports[@]}"

# The signing key reached the API: its did:web document names the key's public half.
signing_did=$(cd "$work/appview-package/share" && "$appview_node" --input-type=module -e "
  const { Secp256k1Keypair } = await import('@atproto/crypto')
  console.log((await Secp256k1Keypair.import('$(cat "$work/secrets/appview-signing-key")')).did())" 2>"$work/did.err")
check "/.well-known/did.json: did:web:appview.example.test with the signing key and the AppView's endpoint" \
  json_is "$appview_url/.well-known/did.json" \
  ".id == \"did:web:appview.example.test\" and .verificationMethod[0].publicKeyMultibase == \"${signing_did#did:key:}\" and (.service[] | select(.id == \"#bsky_appview\") | .serviceEndpoint) == \"https://appview.example.test\""
profile_not_found() {
  local body
  body=$(curl --silent --max-time 10 "$appview_url/xrpc/app.bsky.actor.getProfile?actor=did:plc:zzzzzzzzzzzzzzzzzzzzzzzz") &&
    jq -e '.error == "InvalidRequest" and .message == "Profile not found"' <<<"$body"
}
check "getProfile of an unknown account is answered from the database: Profile not found" profile_not_found

indexed() {
  local i
  for ((i = 0; i < 120; i++)); do
    json_is "$appview_url/xrpc/app.bsky.actor.getProfile?actor=${carol-}" '.displayName == "Carol"' &&
      json_is "$appview_url/xrpc/app.bsky.feed.getAuthorFeed?actor=${carol-}" \
        '.feed[0].post.record.text == "hello from services.bluesky-appview"' && return 0
    sleep 0.5
  done
  curl --silent "$appview_url/xrpc/app.bsky.actor.getProfile?actor=${carol-}"
  tail -n 20 "$work/bluesky-appview-dataplane.log"
  return 1
}
check "the data plane indexes the PDS's firehose (relay): getProfile and getAuthorFeed show Carol's profile and post" indexed

# The API stops on SIGTERM; started with one variable misspelt it must not come up.
if stop_unit "$api_pid"; then pass "the API stops on SIGTERM"; else fail "the API stops on SIGTERM" "$work/bluesky-appview.log"; fi
appview_start bluesky-appview BSKY_DATAPLANE_URLS= BSKY_DATAPLANE_URLZ=
if ! wait_for_http "$appview_url/xrpc/_health" 15 && grep -q "dataplane urls are not configured" "$work/bluesky-appview.log"; then
  pass "with one variable misspelt (BSKY_DATAPLANE_URLZ) the API does not start: the test catches wrong names"
else
  fail "with one variable misspelt the API must not start" "$work/bluesky-appview.log"
fi
stop_unit "$started_pid"
stop_unit "$dataplane_pid"
stop_unit "$bsync_pid"
pg_stop
