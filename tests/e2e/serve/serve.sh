# Sourced by each case of this folder: lib.sh, the fixtures, and what
# the cases of two daemons on loopback share.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

# request_delivered: with both daemons up, aa's first message, a request
# ($id, body $T/req.json), delivered.
request_delivered() {
	ssh_request "$T/req.json"
	id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
	wait_for "delivery" delivered aa 1
}

# query_cosigned: with both daemons up, aa's first message, a query,
# delivered, and aa's head then cosigned by bb.
query_cosigned() {
	printf '{"summary":"first"}' >"$T/q.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null
	wait_for "delivery" delivered aa 1
	wait_for "aa's head cosigned by bb" cosigned aa bb
}

# auth: curl's arguments for aa's own key and certificate.
auth() {
	AUTH="--cert $T/aa/tls.crt --key $T/aa/tls.key"
}

# refuse NAME CODE TYPE [curl args]: a JSON post to bb's /v1/messages,
# on aa's connection, is refused with CODE and problem TYPE.
refuse() {
	name=$1 code=$2 type=$3
	shift 3
	auth
	# shellcheck disable=SC2086
	wire bb /v1/messages $AUTH -H 'Content-Type: application/json' "$@"
	check "$name: $code" [ "$status" = "$code" ]
	check "$name: $type" [ "$(problem)" = "urn:hotline:problem:$type" ]
}

# batch [curl args]: an NDJSON post to bb's /v1/messages, on aa's
# connection; leaves $status and $body.
batch() {
	auth
	# shellcheck disable=SC2086
	wire bb /v1/messages $AUTH -H 'Content-Type: application/x-ndjson' "$@"
}

# one_then_two: aa and bb pinned and serving; aa's first message (a
# request) delivered by its daemon, then aa stopped and two queries made
# but not sent: $id2 (seq 2) and $id3 (seq 3, in $T/m3), $T/m2bad (2
# with its body changed) for the wire.
one_then_two() {
	fixture_pair
	start aa
	start bb
	request_delivered
	stop aa
	id2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body - <<'JSON'
{"summary":"second"}
JSON
)
	id3=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body - <<'JSON'
{"summary":"third"}
JSON
)
	"$HOTLINE" show --dir "$T/aa" --raw "$id3" >"$T/m3"
	"$HOTLINE" show --dir "$T/aa" --raw "$id2" | sed 's/"second"/"secund"/' >"$T/m2bad"
}

# seqs NAME: the seqs NAME stored from its peer, in order.
seqs() {
	sql "$T/$1" "SELECT group_concat(seq) FROM \
	    (SELECT seq FROM messages WHERE dir = 'in' ORDER BY seq)"
}

# json EXPR: EXPR over the JSON on stdin, as d, printed.
json() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}
