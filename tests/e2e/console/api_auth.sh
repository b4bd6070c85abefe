#!/bin/sh
# Who may use aa's console and REST API: a stranger gets 401 for every
# endpoint and may only log in; the session cookie's flags and the
# security fields are exact; a viewer's change is 403 forbidden, a
# change without the CSRF token 403 csrf; a token needs no CSRF token;
# a logout ends the session; the fifth wrong password from an address
# is the last one checked in the minute (429, Retry-After); HEAD, an
# oversized body and a body that is not JSON are refused; the peers'
# site refuses DELETE. Every refusal is problem+json.
. "$(dirname "$0")/api_lib.sh"

api_pair
operator aa vera viewer
operator aa olga officer
operator bb olga officer
start aa
start bb
CSP="default-src 'self'; frame-ancestors 'none'"

api aa GET /api/v1/attention
refused "no session" 401 unauthenticated
check "no session: the CSP field" [ "$(field Content-Security-Policy)" = "$CSP" ]
check "no session: nosniff" [ "$(field X-Content-Type-Options)" = nosniff ]
check "no session: no referrer" [ "$(field Referrer-Policy)" = no-referrer ]
check "no session: not cached" [ "$(field Cache-Control)" = no-store ]
for p in /api/v1/messages /api/v1/status /api/v1/peers /api/v1/audit /api/v1/users /api/v1/session; do
	api aa GET "$p"
	check "no session: $p is 401" [ "$status" = 401 ]
done
post aa /api/v1/peers/cert.bb/ping ''
refused "no session: a ping" 401 unauthenticated
api aa GET /api/v1/session -H 'Cookie: hl_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
refused "a made-up cookie" 401 unauthenticated
api aa GET /api/v1/nothing
refused "no such endpoint" 404 not-found

login aa vera
check "a viewer logs in: 201" [ "$status" = 201 ]
check "the cookie's flags, exactly" sh -c "tr -d '\r' <'$T/head' | grep -Eq '^Set-Cookie: hl_session=[A-Za-z0-9_-]{43}; Secure; HttpOnly; SameSite=Strict; Path=/\$'"
check "the login's answer: user, role" [ "$(json 'd["user"] + " " + d["role"]' <"$T/body")" = "vera viewer" ]
check "the login's answer: the CSP field" [ "$(field Content-Security-Policy)" = "$CSP" ]
COOKIE=$(awk '$6 == "hl_session" { print $7 }' "$T/aa.jar")
check "the jar holds the cookie" [ "${#COOKIE}" = 43 ]
api aa GET /api/v1/session
check "the session: 200, the same CSRF token" [ "$status $(json 'd["csrf"]' <"$T/body")" = "200 $CSRF_aa" ]
api aa GET /api/v1/attention
check "a viewer reads the queue" [ "$status" = 200 ]
post aa /api/v1/peers/cert.bb/ping ''
refused "a viewer's ping" 403 forbidden
post aa /api/v1/messages '{}'
refused "a viewer's send" 403 forbidden
api aa GET /api/v1/users
refused "a viewer lists no users" 403 forbidden
api aa DELETE /api/v1/session
refused "a logout without the CSRF token" 403 csrf
api aa DELETE /api/v1/session -H "X-CSRF-Token: $CSRF_aa"
check "logout: 204" [ "$status" = 204 ]
check "logout: the cookie cleared" [ "$(awk '$6 == "hl_session"' "$T/aa.jar")" = "" ]
api aa GET /api/v1/session -H "Cookie: hl_session=$COOKIE"
refused "the cookie after logout" 401 unauthenticated

login aa olga
check "an officer logs in" [ "$status" = 201 ]
api aa POST /api/v1/peers/cert.bb/ping -H 'Content-Length: 0'
refused "a change without the CSRF token" 403 csrf
api aa POST /api/v1/peers/cert.bb/ping -H 'X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' -H 'Content-Length: 0'
refused "a change with a wrong CSRF token" 403 csrf
post aa /api/v1/peers/cert.bb/ping ''
check "an officer's ping with the token: 201" [ "$status" = 201 ]
PING=$(json 'd["id"]' <"$T/body")
check "the ping queued, by aa" [ "$(sql "$T/aa" "SELECT type FROM messages WHERE id = '$PING'")" = ping ]
post aa /api/v1/messages '{"to":' 
refused "a body that is no JSON" 400 malformed
api aa POST /api/v1/messages -H "X-CSRF-Token: $CSRF_aa" -H 'Content-Type: text/plain' --data-binary '{}'
refused "a body that is not application/json" 415 unsupported-media-type
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/big"
api aa POST /api/v1/messages -H "X-CSRF-Token: $CSRF_aa" -H 'Content-Type: application/json' --data-binary @"$T/big"
refused "a body over 1 MiB" 413 too-large
api aa HEAD /api/v1/status -I
check "HEAD: 405, GET, POST and DELETE allowed" [ "$status $(field Allow)" = "405 GET, POST, DELETE" ]
api aa PUT /api/v1/status
refused "PUT" 405 method-not-allowed

# A script's token: no cookie, no CSRF token.
TOKEN=$("$HOTLINE" user token olga --dir "$T/aa" 2>/dev/null | tail -n 1)
rm -f "$T/aa.jar"
api aa POST /api/v1/peers/cert.bb/ping -H "Authorization: Bearer $TOKEN" -H 'Content-Length: 0'
check "a token's ping: 201 without a CSRF token" [ "$status" = 201 ]
api aa GET /api/v1/session -H "Authorization: Bearer ${TOKEN}x"
refused "a wrong token" 401 unauthenticated

# The login limit, at bb (aa's own logins above do not count there).
for i in 1 2 3 4 5; do
	login bb olga 'not the password'
	check "wrong password $i: 401" [ "$status" = 401 ]
done
login bb olga
refused "the sixth login, right or not" 429 rate-limited
retry=$(field Retry-After)
check "Retry-After within the minute" [ "$retry" -ge 1 ] && [ "$retry" -le 60 ]
check "bb logged each failure" [ "$(grep -c 'console login failed addr=127.0.0.1 user=olga' "$T/bb.log")" = 5 ]
check "no password in the log" [ "$(grep -c 'not the password' "$T/bb.log")" = 0 ]

# The peers' site refuses what only the console serves.
auth
# shellcheck disable=SC2086
wire aa /v1/ping $AUTH -X DELETE
check "the peers' site: DELETE is 405" [ "$status" = 405 ]
check "the peers' site: method-not-allowed" [ "$(problem)" = "urn:hotline:problem:method-not-allowed" ]
finish
