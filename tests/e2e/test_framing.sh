#!/bin/sh
# HTTP framing over TLS with a pinned certificate: every refusal is a
# problem+json answer with its exact status and type, sent once; nothing
# is stored; and the server serves the next valid request.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
start bb

# An envelope from aa, made while aa's daemon is not running.
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body - <<'JSON'
{"summary":"framing"}
JSON
)
"$HOTLINE" show --dir "$T/aa" --raw "$id" >"$T/msg"
LEN=$(wc -c <"$T/msg")

# raw NAME WANT [PAUSE]: sends $T/in (printf-escaped in $REQ) to bb with
# aa's certificate; the answer's summary must be WANT.
raw() {
	name=$1 want=$2
	shift 2
	# shellcheck disable=SC2059
	printf "$REQ" >"$T/in"
	got=$(python3 "$(dirname "$0")/http_raw.py" "$PORT_bb" "$T/aa/tls.crt" \
	    "$T/aa/tls.key" "$T/in" "$T/out" "$@")
	check "$name: $want" [ "$got" = "$want" ]
}
P=urn:hotline:problem
H='Host: bb\r\n'
M='POST /v1/messages HTTP/1.1\r\n'

REQ="${M}${H}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n"
raw "a Content-Length that is not a number" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n"
raw "a negative Content-Length, answered once" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: +5\r\n\r\n12345"
raw "a signed Content-Length" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n12345"
raw "two Content-Length fields" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 5, 5\r\n\r\n12345"
raw "a Content-Length list" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n0\r\n\r\n"
raw "chunked" "501 $P:unsupported-coding 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
raw "gzip, chunked: refused at once" "501 $P:unsupported-coding 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
raw "Content-Length and Transfer-Encoding" "501 $P:unsupported-coding 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}X-Big: $(head -c 9000 /dev/zero | tr '\0' a)\r\n\r\n"
raw "a head over 8 KiB" "431 $P:too-large 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n$(python3 -c 'print("X-A: b\\r\\n" * 40, end="")')${H}\r\n"
raw "40 field lines" "431 $P:too-large 1 application/problem+json"
REQ='GET /v1/ping HTTP/1.1\r\nConnection: close\r\n\r\n'
raw "HTTP/1.1 without Host" "400 $P:bad-framing 1 application/problem+json"
REQ='PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'
raw "the HTTP/2 preface" "505 $P:bad-framing 1 application/problem+json"
REQ='GET /v1/ping\r\n\r\n'
raw "a request line without a version" "400 $P:bad-framing 1 application/problem+json"
REQ='GET  /v1/ping HTTP/1.1\r\n\r\n'
raw "a request line with two spaces" "400 $P:bad-framing 1 application/problem+json"
REQ='GET /v1/ping HTTP/1.1\n'"${H}"'\r\n'
raw "a bare LF" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}X-A: b\r\n c\r\n\r\n"
raw "obs-fold" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}X-A : b\r\n\r\n"
raw "a space before the colon" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}X-A: b\001c\r\n\r\n"
raw "a control character in a value" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}Host: cc\r\n\r\n"
raw "two Host fields" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}Expect: 200-ok\r\n\r\n"
raw "an unknown expectation" "417 $P:bad-framing 1 application/problem+json"
REQ="BREW /v1/ping HTTP/1.1\r\n${H}\r\n"
raw "an unknown method" "405 $P:method-not-allowed 1 application/problem+json"
check "an unknown method: Allow names GET and POST" grep -q 'Allow: GET, POST' "$T/out"
REQ="DELETE /v1/messages HTTP/1.1\r\n${H}\r\n"
raw "DELETE" "405 $P:method-not-allowed 1 application/problem+json"
REQ="GET /v1/messages HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "GET on a POST endpoint" "405 $P:method-not-allowed 1 application/problem+json"
check "GET on a POST endpoint: Allow: POST" grep -q 'Allow: POST' "$T/out"
REQ="POST /v1/ping HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 0\r\n\r\nGET /v1/ping HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "POST on a GET endpoint, then a ping on the same connection" "405 $P:method-not-allowed 2 application/problem+json"
check "the ping after the 405 is answered" grep -q '"party":"cert.bb"' "$T/out"
REQ="GET /v1/ping?$(head -c 1100 /dev/zero | tr '\0' a) HTTP/1.1\r\n${H}\r\n"
raw "a target over 1 KiB" "414 $P:too-large 1 application/problem+json"
REQ="GET http://bb/v1/ping HTTP/1.1\r\n${H}\r\n"
raw "an absolute-form target" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nabc"
raw "a GET with a body" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\n\r\n"
raw "a POST without Content-Length" "411 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "an envelope without Content-Type" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="${M}${H}Content-Type: text/plain\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "an envelope as text/plain" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="${M}${H}Content-Type: application/jsonx\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "an envelope as application/jsonx" "415 $P:unsupported-media-type 1 application/problem+json"
# A type whose quote in the detail would split a UTF-8 character.
REQ="${M}${H}Content-Type: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\303\251\351\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "a Content-Type of bytes past ASCII" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="POST /v1/cosign HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
raw "a cosign body as JSON" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 1048577\r\n\r\n"
raw "a body over 1 MiB, refused before it is sent" "413 $P:too-large 1 application/problem+json"
REQ="${M}${H}Content-Type: application/x-ndjson\r\nContent-Length: 4194305\r\n\r\n"
raw "a batch over 4 MiB, refused before it is sent" "413 $P:too-large 1 application/problem+json"
REQ="GET /nothing HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "an unknown path" "404 $P:not-found 1 application/problem+json"
check "no refusal stored anything" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = 0 ]
check "bb logged the refusals with their problem" grep -q \
    "refused peer=cert.aa addr=127.0.0.1 problem=unsupported-coding status=501" "$T/bb.log"

# A request that never ends: 408 once its deadline passes (30 s).
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "a body that stops half way: 408" "408 $P:timeout 1 application/problem+json" 100
check "the deadline is logged" grep -q "timeout peer=cert.aa: a request not complete in 30000 ms" "$T/bb.log"
check "still nothing stored" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = 0 ]

# Two pings in one write (keep-alive, pipelined), then the envelope with
# Expect: 100-continue: all served on one connection.
REQ="GET /v1/ping HTTP/1.1\r\n${H}\r\nGET /v1/ping HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "two pipelined pings" "200 - 2 application/json"
HEAD="${M}${H}Content-Type: application/json; charset=utf-8\r\nContent-Length: $LEN\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
REQ="$HEAD$(cat "$T/msg")"
# shellcheck disable=SC2059
raw "the next valid envelope, after a 100 Continue" "100 - 2 -" "$(printf "$HEAD" | wc -c)" resume
check "its receipt" sh -c "grep -q '^HTTP/1.1 200 OK' '$T/out' && grep -q '\"by\":\"cert.bb\"' '$T/out'"
check "bb stored it" [ "$(sql "$T/bb" "SELECT id, state FROM messages")" = "$id|received" ]
stop bb
finish
