# Sourced by each case of this folder: HTTP framing over TLS with a
# pinned certificate. bb serves, aa (its daemon not running) holds an
# envelope for it in $T/msg ($LEN bytes, id $id); `raw` speaks to bb.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

fixture_pair
start bb
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
	got=$(python3 "$E2E/http_raw.py" "$PORT_bb" "$T/aa/tls.crt" \
	    "$T/aa/tls.key" "$T/in" "$T/out" "$@")
	check "$name: $want" [ "$got" = "$want" ]
}
P=urn:hotline:problem
H='Host: bb\r\n'
M='POST /v1/messages HTTP/1.1\r\n'

# nothing_stored: the end of every case of refusals.
nothing_stored() {
	check "no refusal stored anything" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = 0 ]
}
