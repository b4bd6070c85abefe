#!/bin/sh
# The audit trail names who did what through the console: olga's login,
# a failed login, her ping and send (via console), a token's ping (via
# token) and her logout, as `hotline audit --json`, GET /api/v1/audit
# and the audit table all say; an action on the command line is the
# local user's (via cli).
. "$(dirname "$0")/api_lib.sh"

api_pair
operator aa olga officer
start aa
start bb

login aa olga 'wrong'
check "a failed login: 401" [ "$status" = 401 ]
login aa olga
post aa /api/v1/peers/cert.bb/ping ''
check "olga's ping: 201" [ "$status" = 201 ]
PING=$(json 'd["id"]' <"$T/body")
printf '{"kind":"planned-activity","summary":"heads up"}' >"$T/n.json"
post aa /api/v1/messages "{\"to\":\"cert.bb\",\"type\":\"notice\",\"body\":$(cat "$T/n.json")}"
check "olga's notice: 201" [ "$status" = 201 ]
NOTICE=$(json 'd["id"]' <"$T/body")
TOKEN=$("$HOTLINE" user token olga --dir "$T/aa" 2>/dev/null | tail -n 1)
api aa POST /api/v1/peers/cert.bb/ping -H "Authorization: Bearer $TOKEN" -H 'Content-Length: 0'
check "the token's ping: 201" [ "$status" = 201 ]
PING2=$(json 'd["id"]' <"$T/body")
api aa DELETE /api/v1/session -H "X-CSRF-Token: $CSRF_aa"
check "logout: 204" [ "$status" = 204 ]
"$HOTLINE" ping cert.bb --dir "$T/aa" >/dev/null

row() {
	sql "$T/aa" "SELECT actor || ' ' || via || ' ' || action FROM audit WHERE $1 ORDER BY id DESC LIMIT 1"
}
check "the table: the failed login, by a stranger, trying olga" [ "$(sql "$T/aa" "SELECT actor || ' ' || via || ' ' || action || ' ' || target FROM audit WHERE action = 'login-failed' ORDER BY id DESC LIMIT 1")" = "(stranger) console login-failed olga" ]
check "the table: the login" [ "$(row "action = 'login'")" = "olga console login" ]
check "the table: olga's ping" [ "$(row "target = '$PING'")" = "olga console ping" ]
check "the table: olga's notice" [ "$(row "target = '$NOTICE'")" = "olga console send" ]
check "the table: the token's ping" [ "$(row "target = '$PING2'")" = "olga token ping" ]
check "the table: the logout" [ "$(row "action = 'logout'")" = "olga console logout" ]
check "the table: the command line's ping is the local user's" [ "$(row "action = 'ping' AND via = 'cli'")" = "unix:$(id -un) cli ping" ]

"$HOTLINE" audit --json --dir "$T/aa" >"$T/audit.json"
login aa olga
api aa GET /api/v1/audit
python3 - "$T/audit.json" "$T/body" >"$T/cmp" <<'PY'
import json, sys
cli = json.load(open(sys.argv[1]))["entries"]
web = json.load(open(sys.argv[2]))["entries"]
# The API's answer has the login made to ask, newest: the rest is the same.
print("same" if web[1:] == cli and web[0]["action"] == "login" else "differ")
PY
check "GET /api/v1/audit is hotline audit --json, and one login more" [ "$(cat "$T/cmp")" = same ]
api aa GET '/api/v1/audit?actor=olga&action=ping'
check "filtered: olga's two pings, newest first" [ "$(json '" ".join(e["via"] for e in d["entries"])' <"$T/body")" = "token console" ]
api aa GET '/api/v1/audit?limit=5000'
refused "a page over 1000" 400 invalid
finish
