#!/bin/sh
# Two daemons on loopback: a request goes out, the receipt comes back and
# is kept; then every refusal over the wire, with its stable problem type,
# nothing stored, and the server answering the next valid message.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
node cc CC
pin aa bb
# bb is asked to cosign aa's unchanged head again after a second.
printf 'cosign_refresh = 1s\n' >>"$T/aa/hotline.conf"
start aa
start bb

ssh_request "$T/req.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
wait_for "delivery" delivered aa 1
check "bb stored it" [ "$(sql "$T/bb" "SELECT id, seq, state FROM messages")" = "$id|1|received" ]
check "aa keeps bb's receipt, naming bb's leaf 0" [ "$(sql "$T/aa" "SELECT state, \
    json_extract(receipt, '$.by'), json_extract(receipt, '$.leaf') FROM messages")" = "delivered|cert.bb|0" ]
check "the receipt aa keeps is the one bb issued" [ "$(sql "$T/aa" 'SELECT hex(receipt) FROM messages')" = \
    "$(sql "$T/bb" 'SELECT hex(receipt) FROM messages')" ]
check "aa logged the delivery with the receipt" [ "$(sql "$T/aa" "SELECT json_extract(data, '$.event'), \
    json_extract(data, '$.receipt.by') FROM log_leaves WHERE idx = 1")" = "delivered|cert.bb" ]
check "the daemon made its wake FIFO" [ -p "$T/aa/wake" ]
check "bb's log says delivered" grep -q "received msg=$(printf '%.12s' "$id") peer=cert.aa seq=1 leaf=0" "$T/bb.log"
check "aa's log says delivered" grep -q "delivered msg=$(printf '%.12s' "$id") peer=cert.bb seq=1" "$T/aa.log"

# bb answers: interim, then final; both sides see the request's state.
printf '{"summary":"looking into it"}' >"$T/interim.json"
r1=$("$HOTLINE" reply --dir "$T/bb" "$id" --body "$T/interim.json")
wait_for "the interim answer" delivered bb 1
wait_for "aa sees answered-interim" sh -c "[ \"\$(sqlite3 '$T/aa/hotline.db' \
    \"SELECT state FROM messages WHERE id = '$id'\")\" = answered-interim ]"
check "bb's copy is answered-interim" [ "$(sql "$T/bb" "SELECT state FROM messages WHERE id = '$id'")" = answered-interim ]
check "the response names the request" [ "$(sql "$T/aa" "SELECT json_extract(raw, '$.refs[0]'), \
    json_extract(raw, '$.body.status'), json_extract(raw, '$.tlp') FROM messages WHERE id = '$r1'")" = "$id|interim|amber" ]
cat >"$T/final.json" <<'JSON'
{"summary":"blocked at the edge","actions":["block-host"],
 "findings":[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3,"where":"edge firewall"}]}
JSON
"$HOTLINE" reply --dir "$T/bb" "$id" --final --body "$T/final.json" >/dev/null
wait_for "the final answer" delivered bb 2
wait_for "aa sees answered-final" sh -c "[ \"\$(sqlite3 '$T/aa/hotline.db' \
    \"SELECT state FROM messages WHERE id = '$id'\")\" = answered-final ]"
leaf_of() {
	sql "$T/$1" "SELECT $3 FROM log_leaves WHERE json_extract(data, '$.msg.id') = '$2' \
	    AND json_extract(data, '$.event') = 'received'"
}
check "aa's log has the interim answer's status, not its body" [ "$(leaf_of aa "$r1" \
    "json_extract(data, '$.msg.status'), json_extract(data, '$.msg.body') IS NULL")" = "interim|1" ]
expect "an interim after the final is refused" 1 '' \
    "hotline reply: $(printf '%.12s' "$id") already has a final answer; use --force to send anyway" \
    -- reply --dir "$T/bb" "$id" --body "$T/interim.json"
expect "forced, an interim after the final changes nothing" 0 '*' '' -- reply --force --dir "$T/bb" "$id" --body "$T/interim.json"
check "still answered-final" [ "$(sql "$T/bb" "SELECT state FROM messages WHERE id = '$id'")" = answered-final ]
expect "no reply to what one sent" 1 '' \
    "hotline reply: $(printf '%.12s' "$r1") is a response this node sent, not a request or query it received" \
    -- reply --dir "$T/bb" "$r1" --body "$T/interim.json"
printf '{"status":"final","summary":"x"}' >"$T/conflict.json"
expect "--final and status must agree" 1 '' \
    "hotline reply: $T/conflict.json: status is 'final' but the reply is interim (no --final)" \
    -- reply --dir "$T/bb" "$id" --body "$T/conflict.json"
wait_for "bb's third response delivered" delivered bb 3

# The wire, with aa's own key and certificate.
AUTH="--cert $T/aa/tls.crt --key $T/aa/tls.key"
# No certificate: the handshake itself fails (the server requires one),
# so there is no HTTP answer at all.
wire bb /v1/ping
check "no certificate: no answer" [ "$status" = 000 ]
check "no certificate: curl saw the handshake fail" sh -c 'curl -s -k -o /dev/null \
    "https://127.0.0.1:$1/v1/ping"; r=$?; case $r in 35|55|56) ;; *) exit 1 ;; esac' _ "$PORT_bb"
wire bb /v1/ping --cert "$T/cc/tls.crt" --key "$T/cc/tls.key"
check "an unpinned certificate: 403" [ "$status" = 403 ]
check "an unpinned certificate: problem" [ "$(problem)" = "urn:hotline:problem:unknown-peer" ]
# shellcheck disable=SC2086
wire bb /v1/ping $AUTH
check "ping" [ "$status" = 200 ]
check "ping names bb" [ "$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["party"])')" = cert.bb ]

before=$(sql "$T/bb" 'SELECT count(*) FROM messages')
refuse() {
	name=$1 code=$2 type=$3
	shift 3
	# shellcheck disable=SC2086
	wire bb /v1/messages $AUTH -H 'Content-Type: application/json' "$@"
	check "$name: $code" [ "$status" = "$code" ]
	check "$name: $type" [ "$(problem)" = "urn:hotline:problem:$type" ]
}
refuse "malformed" 400 malformed --data-binary '{"v":'
python3 -c 'print("[" * 40 + "]" * 40)' >"$T/deep"
refuse "too deep" 400 too-deep --data-binary "@$T/deep"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/big"
refuse "too large" 413 too-large --data-binary "@$T/big"
printf '{"v":1}' >"$T/small"
refuse "schema" 400 schema --data-binary "@$T/small"

# Envelopes made by aa but not sent: a gap, a tampered copy, another's.
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
refuse "a seq gap" 409 seq-gap --data-binary "@$T/m3"
check "the gap names the expected seq" [ "$(printf '%s' "$body" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["expected_seq"])')" = 2 ]
"$HOTLINE" show --dir "$T/aa" --raw "$id2" | sed 's/"second"/"secund"/' >"$T/m2bad"
refuse "tampered" 400 bad-id --data-binary "@$T/m2bad"
"$HOTLINE" show --dir "$T/aa" --raw "$id2" | sed 's/,"seq":2,/, "seq":2,/' >"$T/m2ws"
refuse "not canonical" 400 not-canonical --data-binary "@$T/m2ws"
"$HOTLINE" peer add --dir "$T/cc" "$T/bb.card" >/dev/null
idc=$("$HOTLINE" send --dir "$T/cc" --to cert.bb --type query --body - <<'JSON'
{"summary":"from cc"}
JSON
)
"$HOTLINE" show --dir "$T/cc" --raw "$idc" >"$T/mc"
refuse "another party's envelope on aa's connection" 403 pin-mismatch --data-binary "@$T/mc"

# Batches: NDJSON, one envelope per line. Refusals of the batch itself
# are one problem, and nothing is stored.
batch() {
	# shellcheck disable=SC2086
	wire bb /v1/messages $AUTH -H 'Content-Type: application/x-ndjson' "$@"
}
python3 -c 'print("{}\n" * 257, end="")' >"$T/many"
batch --data-binary "@$T/many"
check "a batch of 257: 413" [ "$status" = 413 ]
check "a batch of 257: too-large" [ "$(problem)" = "urn:hotline:problem:too-large" ]
check "a batch of 257: says why" [ "$(printf '%s' "$body" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["detail"])')" = "byte 768: more than 256 lines" ]
{ cat "$T/m3"; printf '\n\n'; cat "$T/m3"; } >"$T/blank"
batch --data-binary "@$T/blank"
check "an empty line: 400" [ "$status" = 400 ]
off=$(($(wc -c <"$T/m3") + 1))
check "an empty line: where" [ "$(printf '%s' "$body" | python3 -c \
    'import json,sys; p=json.load(sys.stdin); print(p["type"], p["detail"], p["offset"])')" = \
    "urn:hotline:problem:schema byte $off: line 2 is empty $off" ]
head -c 4200000 /dev/zero | tr '\0' ' ' >"$T/huge"
batch --data-binary "@$T/huge"
check "a batch over 4 MiB: 413" [ "$status" = 413 ]
check "nothing stored by any refusal" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = "$before" ]

# A batch whose second message is refused: the first is stored and
# receipted, the answer ends with the second's problem, all with 200.
{ cat "$T/m3"; printf '\n'; cat "$T/m2bad"; printf '\n'; } >"$T/gapfirst"
batch --data-binary "@$T/gapfirst"
check "a gap first: 200" [ "$status" = 200 ]
check "a gap first: one line, the problem" [ "$(printf '%s\n' "$body" | python3 -c \
    'import json,sys; print([json.loads(l)["type"] for l in sys.stdin])')" = \
    "['urn:hotline:problem:seq-gap']" ]
{ "$HOTLINE" show --dir "$T/aa" --raw "$id2"; printf '\n'; cat "$T/m2bad"; printf '\n'; cat "$T/m3"; } >"$T/mixed"
batch --data-binary "@$T/mixed"
check "a mixed batch: 200" [ "$status" = 200 ]
check "a mixed batch: a receipt for 2, then the refusal" [ "$(printf '%s\n' "$body" | python3 -c \
    'import json,sys; print([json.loads(l).get("seq", json.loads(l).get("type")) for l in sys.stdin])')" = \
    "[2, 'urn:hotline:problem:bad-id']" ]
check "bb stored 2 and not 3" [ "$(sql "$T/bb" "SELECT group_concat(seq) FROM \
    (SELECT seq FROM messages WHERE dir = 'in' ORDER BY seq)")" = "1,2" ]
check "the receipt is the one bb keeps" [ "$(printf '%s\n' "$body" | head -1)" = \
    "$(sql "$T/bb" "SELECT receipt FROM messages WHERE id = '$id2'")" ]

# aa comes back and delivers 2 (again: bb answers with the receipt it
# gave) and 3; the server kept serving.
start aa
wait_for "delivery after restart" delivered aa 3
check "aa keeps the receipt bb gave over the wire" [ "$(sql "$T/aa" \
    "SELECT hex(receipt) FROM messages WHERE id = '$id2'")" = \
    "$(sql "$T/bb" "SELECT hex(receipt) FROM messages WHERE id = '$id2'")" ]
check "bb has 1, 2, 3 in order" [ "$(sql "$T/bb" "SELECT group_concat(seq) FROM \
    (SELECT seq FROM messages WHERE dir = 'in' ORDER BY seq)")" = "1,2,3" ]

# Checkpoints and proofs over the wire.
# shellcheck disable=SC2086
wire bb /v1/checkpoint $AUTH
check "checkpoint" [ "$(printf '%s\n' "$body" | head -2 | tr '\n' ' ')" = \
    "hotline/cert.bb $(sql "$T/bb" 'SELECT max(size) FROM checkpoints') " ]
# shellcheck disable=SC2086
wire bb '/v1/proof/inclusion?index=1' $AUTH
printf '%s\n' "$body" >"$T/p1"
"$HOTLINE" log leaf 1 --dir "$T/bb" | tr -d '\n' >"$T/leaf1"
VB=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/bb.card")
expect "a proof fetched over the wire verifies" 0 '*' '' -- proof verify --key "$VB" --leaf "$T/leaf1" "$T/p1"
# shellcheck disable=SC2086
wire bb /v1/nothing $AUTH
check "unknown endpoint: 404" [ "$status" = 404 ]

# Each daemon gets its log witnessed by the other.
wait_for "aa's head cosigned by bb" cosigned aa bb
wait_for "bb's head cosigned by aa" cosigned bb aa
check "bb witnessed aa's log" [ "$(sql "$T/bb" "SELECT origin FROM witnessed")" = hotline/cert.aa ]
run status --json --dir "$T/aa"
check "status names the cosigner" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["log"]["cosigners"])')" = "['cert.bb']" ]
# aa forgets bb's cosignatures: bb says where it is (409), aa catches up.
sqlite3 "$T/aa/hotline.db" "DELETE FROM cosignatures"
printf '{"summary":"fourth"}' >"$T/q4.json"
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q4.json" >/dev/null
wait_for "delivery of the fourth" delivered aa 4
wait_for "aa's head cosigned again" cosigned aa bb
check "bb told aa where to start" grep -q "cosign peer=cert.aa must start from size" "$T/bb.log"
check "the witness never saw an inconsistency" [ "$(sql "$T/bb" 'SELECT count(*) FROM equivocations')" = 0 ]
s0=$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')
cosig_time() {
	sql "$T/aa" "SELECT time FROM cosignatures WHERE cosigner = 'cert.bb' AND size = $s0"
}
t0=$(cosig_time)
refreshed() { [ "$(cosig_time)" -gt "$t0" ]; }
wait_for "bb cosigns aa's unchanged head again" refreshed
check "the head did not change" [ "$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')" = "$s0" ]
check "the refresh is logged" [ "$(grep -c "cosigned peer=cert.bb size=$s0\$" "$T/aa.log")" -ge 2 ]

# A withdrawal travels like any message and settles the request on both sides.
printf '{"summary":"fifth"}' >"$T/q5.json"
wid=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q5.json")
"$HOTLINE" withdraw --dir "$T/aa" --reason "sent in error" "$wid" >/dev/null
withdrawn_at_bb() {
	[ "$(sql "$T/bb" "SELECT state FROM messages WHERE id = '$wid'")" = withdrawn ]
}
wait_for "the withdrawal at bb" withdrawn_at_bb
check "and at aa" [ "$(sql "$T/aa" "SELECT state FROM messages WHERE id = '$wid'")" = withdrawn ]
check "bb's log has the notice's kind" [ "$(sql "$T/bb" "SELECT json_extract(data, '$.msg.kind') \
    FROM log_leaves WHERE json_extract(data, '$.msg.type') = 'notice'")" = withdrawal ]

# A ping is answered by a pong queued in the same transaction that
# accepts it; the pong completes the round trip on aa.
run ping --dir "$T/aa" cert.bb
PING=$out
check "ping prints its id" [ "${#PING}" = 64 ]
pinged() {
	[ "$(sql "$T/aa" "SELECT state FROM messages WHERE id = '$PING' \
	    AND rtt_ms IS NOT NULL")" = answered ]
}
wait_for "the pong is back" pinged
check "aa's log has the round trip with the pong" [ "$(sql "$T/aa" "SELECT \
    json_extract(data, '$.rtt_ms') = rtt_ms FROM log_leaves, messages WHERE messages.id = '$PING' \
    AND json_extract(data, '$.msg.refs[0]') = '$PING' AND json_extract(data, '$.event') = 'received'")" = 1 ]
check "bb answered with a pong naming the ping" [ "$(sql "$T/bb" \
    "SELECT refs FROM messages WHERE dir = 'out' AND type = 'pong'")" = "[\"$PING\"]" ]
run status --json --dir "$T/aa"
check "status shows the answered ping" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; p=json.load(sys.stdin)["pings"][0]; print(p["peer"], p["state"], type(p["rtt_ms"]).__name__)')" = "cert.bb answered int" ]
check "status: nothing undelivered" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["undelivered"])')" = "{'count': 0, 'oldest': None}" ]
run status --dir "$T/aa"
check "status text names the ping" sh -c "printf '%s' \"\$1\" | grep -q '^ping        cert.bb sent .*, answered, round trip [0-9]* ms\$'" _ "$out"
expect "pinging a stranger names it" 1 '' 'hotline ping: unknown peer cert.zz: pin its card with hotline peer add' -- ping --dir "$T/aa" cert.zz

# Scheduled pings: none at start, then one per interval.
stop aa
printf 'ping_interval = 1s\n' >>"$T/aa/hotline.conf"
start aa
scheduled() {
	[ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE dir = 'out' \
	    AND type = 'ping' AND state = 'answered'")" -ge 3 ]
}
wait_for "two scheduled pings answered" scheduled
check "the daemon logged them" grep -q "ping msg=.* peer=cert.bb" "$T/aa.log"

expect "aa's log verifies" 0 '*' '' -- log verify --dir "$T/aa"
expect "bb's log verifies" 0 '*' '' -- log verify --dir "$T/bb"
stop bb
check "SIGTERM stops cleanly" grep -q "stopping party=cert.bb" "$T/bb.log"
stop aa

# Both logs tell the same story: what aa reports asking bb is what bb
# reports aa asked it, down to the response times.
run report --json --dir "$T/aa" --peer cert.bb
AREP=$out
run report --json --dir "$T/bb" --peer cert.aa
BREP=$out
pick() {
	printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin)['peers'][0]['$2']; \
print([d[k] for k in ('requests','delivered','answered_in_time','answered_late','unanswered', \
'withdrawn','answers_delivered','notices')], d['first_response_s']['n'], \
d['final_response_s']['n'])"
}
check "aa's report: one request, delivered, answered in time, the answer delivered; a notice" \
    [ "$(pick "$AREP" out)" = "[1, 1, 1, 0, 0, 0, 1, 1] 1 1" ]
check "bb's report of the same, from bb's log" [ "$(pick "$BREP" in)" = "$(pick "$AREP" out)" ]
check "the same response times on both sides" [ "$(printf '%s' "$AREP" | python3 -c \
    "import json,sys; d=json.load(sys.stdin)['peers'][0]['out']; print(d['first_response_s'], d['final_response_s'])")" = \
    "$(printf '%s' "$BREP" | python3 -c \
    "import json,sys; d=json.load(sys.stdin)['peers'][0]['in']; print(d['first_response_s'], d['final_response_s'])")" ]
check "pings sent by aa, all answered" [ "$(printf '%s' "$AREP" | python3 -c \
    "import json,sys; d=json.load(sys.stdin)['peers'][0]['out']; print(d['pings'] >= 3, d['pings'] - d['pings_answered'] <= 1, d['rtt_ms']['n'] >= 3)")" = "True True True" ]
run report --dir "$T/aa" --peer cert.bb
check "the table has a row each way" [ "$(printf '%s\n' "$out" | awk 'NR > 2 { print $1, $2, $3 }' | tr '\n' ' ')" = \
    "cert.bb out 1 cert.bb in 0 " ]
expect "a bad --since" 2 '' "hotline report: --since: not a duration ago (7d), a date or an RFC 3339 time: 'May'" -- report --since May --dir "$T/aa"
finish
