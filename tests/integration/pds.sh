# shellcheck shell=bash
# The official PDS: @atproto/pds from the npm registry, started with services.atproto-pds's
# rendered unit (tests/integration/atproto-pds.nix), its admin command, and a PLC directory and
# relay stub (plc-stub.py). Sourced by tests/integration/run.
section "Official PDS (services.atproto-pds with @atproto/pds from npm)"

pds_rendered=$(jq -c '."atproto-pds"' "$work/units.json")
pds_unit=$(jq -c '.units."atproto-pds"' <<<"$pds_rendered")
pds_store_package=$(jq -r '.packages."atproto-pds".path' <<<"$pds_rendered")
admin_store_package=$(jq -r '.packages."atproto-pds-admin".path' <<<"$pds_rendered")
pds_packaged=$(jq -r '.packages."atproto-pds".version' <<<"$pds_rendered")
pds_url=http://127.0.0.1:$(jq -r .environment.PDS_PORT <<<"$pds_unit")
stub_port=28599

# POST an XRPC call with JSON; prints the body, fails on an HTTP error.
pds_post() {
  local nsid=$1 body=$2
  shift 2
  curl --silent --show-error --fail-with-body --header 'Content-Type: application/json' "$@" \
    --data "$body" "$pds_url/xrpc/$nsid"
}

pds_version=$(served_version @atproto/pds "$pds_packaged")
note "packaged @atproto/pds $pds_packaged; the registry serves $pds_version, which this test runs"
if [ -z "$pds_version" ] || ! pds_dir=$(pds_from_registry "$pds_version" 2>"$work/pds-install.log"); then
  fail "install @atproto/pds@${pds_version:-?} from the npm registry" "$work/pds-install.log"
  return 0
fi
pass "install @atproto/pds@$pds_version from the npm registry (cached in $cache)"

# Stand-ins: the package (as our package's wrapper runs the distribution's entrypoint), the
# state directory and the credentials systemd would provide, the admin command's package.
pds_package=$work/pds-package
mkdir -p "$pds_package/bin" "$work/pds-admin/bin" "$work/pds-secrets"
cat >"$pds_package/bin/pds" <<WRAPPER
#!/usr/bin/env bash
export NODE_ENV=\${NODE_ENV:-production} UV_USE_IO_URING=\${UV_USE_IO_URING:-0} NODE_PATH=$pds_dir/node_modules
exec node --enable-source-maps $repo/tests/integration/pds-entrypoint.js
WRAPPER
chmod +x "$pds_package/bin/pds"
ln -s "$repo/pkgs/atproto/pds-admin/atproto-pds-admin.sh" "$work/pds-admin/bin/atproto-pds-admin"
openssl rand -hex 16 >"$work/pds-secrets/pds-admin-password"
note "stand-ins: $pds_store_package -> @atproto/pds@$pds_version with tests/integration/pds-entrypoint.js; %S (/var/lib) -> a temporary directory; /run/secrets -> temporary files"

pds_state=$work/state/atproto-pds
pds_credentials=$work/credentials/atproto-pds
mkdir -p "$pds_state" "$pds_credentials"
while IFS=: read -r name source; do
  cp "$work/pds-secrets/$(basename "$source")" "$pds_credentials/$name"
done < <(jq -r '.credentials[]' <<<"$pds_unit")

pds_substitutions=("$pds_store_package" "$pds_package")
pds_start() {
  start_unit "$pds_unit" "$work/pds.log" "$pds_credentials" "$pds_state" "${pds_substitutions[@]}" "$@"
  pds_pid=$started_pid
}

# The admin command exactly as the module writes it, with the same stand-ins.
admin_text=$(jq -r '.commands."atproto-pds-admin"' <<<"$pds_rendered")
admin_text=${admin_text//"$admin_store_package"/"$work/pds-admin"}
admin_text=${admin_text//\/run\/secrets/"$work/pds-secrets"}
printf '%s\n' "$admin_text" >"$work/atproto-pds-admin"
pds_admin() { bash "$work/atproto-pds-admin" "$@"; }

python3 tests/integration/plc-stub.py "$stub_port" "$work/stub.log" >"$work/stub.out" 2>&1 &
pids+=($!)
wait_for_http "http://127.0.0.1:$stub_port/did:plc:none" 5 || true

pds_start
if wait_for_http "$pds_url/xrpc/_health" 90; then
  pass "the PDS starts with the rendered environment, credentials and script"
else
  fail "the PDS starts with the rendered environment, credentials and script" "$work/pds.log"
  return 0
fi

check "/xrpc/_health answers version $pds_version" \
  json_is "$pds_url/xrpc/_health" ".version == \"$pds_version\""
check "describeServer: the service DID, handle domains and invites the module set" \
  json_is "$pds_url/xrpc/com.atproto.server.describeServer" \
  '.did == "did:web:pds.test" and .availableUserDomains == [".pds.test"] and .inviteCodeRequired == true'
check "it listens on 127.0.0.1 only (listenAddress)" \
  bash -c "addresses=\$(ss -Hltn 'sport = :${pds_url##*:}' | awk '{print \$4}'); echo \"\$addresses\"; [ -n \"\$addresses\" ] && ! grep -qv '^127\\.0\\.0\\.1:' <<<\"\$addresses\""
check "secrets not given are generated on first start, readable by the service only" \
  bash -c "cd '$pds_state/secrets' && [ \"\$(stat -c %a jwt-secret plc-rotation-key dpop-secret | sort -u)\" = 600 ] && grep -Eqx '[0-9a-f]{64}' plc-rotation-key && grep -Eqx '[0-9a-f]{64}' dpop-secret"

if invite=$(pds_admin create-invite-code 2>"$work/admin.err") && [ -n "$invite" ]; then
  pass "atproto-pds-admin create-invite-code: $invite"
else
  fail "atproto-pds-admin create-invite-code" "$work/admin.err"
fi

if pds_admin account create alice@example.test alice.pds.test >"$work/account" 2>"$work/admin.err"; then
  alice=$(awk '$1 == "did" {print $2}' "$work/account")
  password=$(awk '$1 == "password" {print $2}' "$work/account")
  pass "atproto-pds-admin account create: $alice (registered with the PLC stub)"
else
  fail "atproto-pds-admin account create" "$work/admin.err"
fi

login() {
  pds_post com.atproto.server.createSession "$(jq -n --arg password "${password-}" '{identifier: "alice.pds.test", password: $password}')"
}
if session=$(login 2>"$work/session.err"); then
  access=$(jq -r .accessJwt <<<"$session")
  record=$(pds_post com.atproto.repo.createRecord "$(jq -n --arg did "$alice" \
    '{repo: $did, collection: "app.bsky.feed.post", record: {"$type": "app.bsky.feed.post", text: "hello from services.atproto-pds", createdAt: "2026-12-05T12:00:00.000Z"}}')" \
    --header "Authorization: Bearer $access" 2>"$work/record.err") || true
  rkey=$(jq -r '.uri // empty' <<<"${record:-}" | sed 's|.*/||')
  if [ -n "$rkey" ]; then pass "the account logs in and writes a record ($rkey)"; else fail "the account writes a record" "$work/record.err"; fi
else
  fail "the account logs in" "$work/session.err"
fi

read_record() {
  json_is "$pds_url/xrpc/com.atproto.repo.getRecord?repo=${alice-}&collection=app.bsky.feed.post&rkey=${rkey-}" \
    '.value.text == "hello from services.atproto-pds"'
}
check "the record reads back" read_record
listed() { pds_admin account list | grep -q 'alice.pds.test'; }
takedown_roundtrip() {
  pds_admin account takedown "$alice" && ! login && pds_admin account untakedown "$alice" && login
}
crawl_requested() {
  pds_admin request-crawl &&
    jq -e -s 'any(.path == "/xrpc/com.atproto.sync.requestCrawl" and .body.hostname == "pds.test")' "$work/stub.log"
}
check "atproto-pds-admin account list shows the account" listed
check "atproto-pds-admin account takedown stops logins; untakedown restores them" takedown_roundtrip
check "atproto-pds-admin request-crawl asks the configured relay (PDS_CRAWLERS) to crawl pds.test" crawl_requested

if stop_unit "$pds_pid"; then pass "the PDS stops on SIGTERM"; else fail "the PDS stops on SIGTERM" "$work/pds.log"; fi
secrets_before=$(cat "$pds_state"/secrets/*)
pds_start
if wait_for_http "$pds_url/xrpc/_health" 90 && read_record >/dev/null; then
  pass "after a restart the record is still there"
else
  fail "after a restart the record is still there" "$work/pds.log"
fi
check "after a restart the generated secrets are the same" test "$secrets_before" = "$(cat "$pds_state"/secrets/*)"
stop_unit "$pds_pid"

# A misspelt variable must make this test fail: shown once with the blob store's.
pds_state=$work/misspelt/atproto-pds
mkdir -p "$pds_state"
pds_start PDS_BLOBSTORE_DISK_LOCATION= PDS_BLOBSTORE_DISK_LOCATON=
if ! wait_for_http "$pds_url/xrpc/_health" 20 && grep -q "Must configure either S3 or disk blobstore" "$work/pds.log"; then
  pass "with one variable misspelt (PDS_BLOBSTORE_DISK_LOCATON) the PDS does not start: the test catches wrong names"
else
  fail "with one variable misspelt the PDS must not start" "$work/pds.log"
fi
stop_unit "$pds_pid"
