#!/usr/bin/env bash
# Administers a local official PDS over its admin XRPC API, with the admin password. The
# NixOS module (services.atproto-pds) puts a wrapper on PATH that sets:
#   ATPROTO_PDS_URL                  where the PDS listens, e.g. http://127.0.0.1:3000
#   ATPROTO_PDS_ADMIN_PASSWORD_FILE  the admin password (root-only)
#   ATPROTO_PDS_HOSTNAME             the PDS's public hostname (for request-crawl)
#   ATPROTO_PDS_CRAWLERS             relays to ask for a crawl, comma-separated
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: atproto-pds-admin COMMAND [ARGUMENTS]

  account list                          every account: handle, email, DID, status
  account create EMAIL HANDLE [PASSWORD]  a new account (a one-use invite code is made for it);
                                        prints its DID and password
  account takedown DID                  take an account down
  account untakedown DID                restore it
  account reset-password DID            set and print a new password
  account delete DID [--yes]            delete an account and its data
  create-invite-code [USES]             a new invite code (default: 1 use)
  request-crawl [RELAY...]              ask relays (default: the configured crawlers) to crawl
                                        this PDS
USAGE
}

die() {
  echo "atproto-pds-admin: $*" >&2
  exit 1
}

: "${ATPROTO_PDS_URL:?ATPROTO_PDS_URL is not set (use the wrapper the NixOS module installs)}"

admin_password() {
  local file=${ATPROTO_PDS_ADMIN_PASSWORD_FILE:?ATPROTO_PDS_ADMIN_PASSWORD_FILE is not set}
  [ -r "$file" ] || die "cannot read the admin password in $file (run as root)"
  cat "$file"
}

# xrpc METHOD NSID [JSON]: a call with the admin password; prints the response body.
xrpc() {
  xrpc_as "admin:$(admin_password)" "$@"
}

# The same as anyone: createAccount refuses the admin's basic auth.
xrpc_public() {
  xrpc_as "" "$@"
}

xrpc_as() {
  local user=$1 method=$2 nsid=$3 body=${4-} response status
  local args=(--silent --show-error --request "$method" --write-out '\n%{http_code}')
  if [ -n "$user" ]; then args+=(--user "$user"); fi
  if [ -n "$body" ]; then args+=(--header 'Content-Type: application/json' --data "$body"); fi
  response=$(curl "${args[@]}" "$ATPROTO_PDS_URL/xrpc/$nsid") || die "$ATPROTO_PDS_URL is not reachable"
  status=${response##*$'\n'}
  response=${response%$'\n'*}
  if [ "${status:0:1}" != 2 ]; then
    die "$nsid: HTTP $status: $(jq -r '.message // .error // .' <<<"$response" 2>/dev/null || echo "$response")"
  fi
  printf '%s' "$response"
}

random_password() {
  head -c 18 /dev/urandom | base64 | tr -d '/+='
}

need_did() {
  [[ ${1-} == did:* ]] || die "expected a DID (did:plc:… or did:web:…), got '${1-}'"
}

account_list() {
  local cursor="" page dids=()
  while :; do
    page=$(xrpc GET "com.atproto.sync.listRepos?limit=1000${cursor:+&cursor=$cursor}")
    mapfile -t -O "${#dids[@]}" dids < <(jq -r '.repos[].did' <<<"$page")
    cursor=$(jq -r '.cursor // empty' <<<"$page")
    [ -n "$cursor" ] && [ "$(jq '.repos | length' <<<"$page")" -gt 0 ] || break
  done
  printf 'HANDLE\tEMAIL\tDID\tSTATUS\n'
  local did info status
  for did in "${dids[@]}"; do
    info=$(xrpc GET "com.atproto.admin.getAccountInfo?did=$did")
    status=$(xrpc GET "com.atproto.admin.getSubjectStatus?did=$did" | jq -r 'if .takedown.applied then "takendown" elif .deactivated.applied then "deactivated" else "active" end')
    jq -r --arg status "$status" '[.handle, (.email // "-"), .did, $status] | @tsv' <<<"$info"
  done
}

account_create() {
  local email=${1-} handle=${2-} password=${3-}
  [ -n "$email" ] && [ -n "$handle" ] || die "usage: account create EMAIL HANDLE [PASSWORD]"
  [ -n "$password" ] || password=$(random_password)
  local code account
  code=$(xrpc POST com.atproto.server.createInviteCode '{"useCount":1}' | jq -r .code)
  account=$(xrpc_public POST com.atproto.server.createAccount "$(jq -n --arg email "$email" --arg handle "$handle" \
    --arg password "$password" --arg code "$code" '{email: $email, handle: $handle, password: $password, inviteCode: $code}')")
  printf 'did\t%s\nhandle\t%s\npassword\t%s\n' "$(jq -r .did <<<"$account")" "$(jq -r .handle <<<"$account")" "$password"
}

takedown() {
  need_did "$1"
  xrpc POST com.atproto.admin.updateSubjectStatus "$(jq -n --arg did "$1" --argjson applied "$2" --arg ref "$(date +%s)" \
    '{subject: {"$type": "com.atproto.admin.defs#repoRef", did: $did}, takedown: ({applied: $applied} + (if $applied then {ref: $ref} else {} end))}')" >/dev/null
  echo "$1: takedown $([ "$2" = true ] && echo applied || echo lifted)"
}

reset_password() {
  need_did "$1"
  local password
  password=$(random_password)
  xrpc POST com.atproto.admin.updateAccountPassword "$(jq -n --arg did "$1" --arg password "$password" '{did: $did, password: $password}')" >/dev/null
  printf 'password\t%s\n' "$password"
}

account_delete() {
  need_did "${1-}"
  if [ "${2-}" != --yes ]; then
    [ -t 0 ] || die "deleting $1 needs --yes when not asked on a terminal"
    read -r -p "Delete $1 and all its data? [y/N] " answer
    [[ $answer == [yY]* ]] || die "not deleted"
  fi
  xrpc POST com.atproto.admin.deleteAccount "$(jq -n --arg did "$1" '{did: $did}')" >/dev/null
  echo "$1: deleted"
}

create_invite_code() {
  local uses=${1:-1}
  [[ $uses =~ ^[1-9][0-9]*$ ]] || die "USES must be a positive number, not '$uses'"
  xrpc POST com.atproto.server.createInviteCode "{\"useCount\":$uses}" | jq -r .code
}

request_crawl() {
  local relays=("$@") relay hostname=${ATPROTO_PDS_HOSTNAME:?ATPROTO_PDS_HOSTNAME is not set}
  if [ ${#relays[@]} -eq 0 ]; then IFS=, read -r -a relays <<<"${ATPROTO_PDS_CRAWLERS-}"; fi
  [ ${#relays[@]} -gt 0 ] || die "no relay given and no crawlers configured"
  for relay in "${relays[@]}"; do
    [[ $relay == http*://* ]] || relay="https://$relay"
    curl --fail-with-body --silent --show-error --request POST --header 'Content-Type: application/json' \
      --data "$(jq -n --arg hostname "$hostname" '{hostname: $hostname}')" "$relay/xrpc/com.atproto.sync.requestCrawl" >/dev/null ||
      die "$relay did not accept the crawl request"
    echo "$relay: crawl requested for $hostname"
  done
}

case "${1-} ${2-}" in
  "account list") account_list ;;
  "account create") account_create "${@:3}" ;;
  "account takedown") takedown "${3-}" true ;;
  "account untakedown") takedown "${3-}" false ;;
  "account reset-password") reset_password "${3-}" ;;
  "account delete") account_delete "${@:3}" ;;
  "create-invite-code "*) create_invite_code "${2-}" ;;
  "request-crawl "*) request_crawl "${@:2}" ;;
  "help "* | "--help "* | "-h "* | " ") usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
