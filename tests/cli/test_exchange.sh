#!/bin/sh
# Two nodes made with `hotline init` exchange cards; one sends a request,
# the other accepts the sender's `show --raw` output; any flipped byte in
# that envelope makes accept fail, naming what failed, with nothing stored.
. "$(dirname "$0")/lib.sh"

A=$T/aa
B=$T/bb
expect "init aa" 0 '*' '' -- init --party cert.aa --state AA --tier cert \
    --listen 127.0.0.1:7101 --dir "$A"
check "init aa says where" [ "$(echo "$out" | head -1)" = \
    "initialized cert.aa (AA, cert) in $A" ]
HOTLINE_DIR=$B expect "init bb from HOTLINE_DIR" 0 '*' '' -- init \
    --party cert.bb --state BB --tier cert --listen 127.0.0.1:7102
check "msg.key is 0600" [ "$(stat -c %a "$A/msg.key")" = 600 ]
check "tls.key is 0600" [ "$(stat -c %a "$A/tls.key")" = 600 ]
check "data dir is 0700" [ "$(stat -c %a "$A")" = 700 ]
check "WAL" [ "$(sql "$A" 'PRAGMA journal_mode')" = wal ]
check "schema version 7" [ "$(sql "$A" 'PRAGMA user_version')" = 7 ]
check "the log starts with a signed empty checkpoint" [ "$(sql "$A" \
    'SELECT count(*), min(size) FROM checkpoints')" = "1|0" ]

run id --dir "$A"
printf '%s\n' "$out" >"$T/aa.card"
check "card names the party" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["party"])')" = cert.aa ]
run id --dir "$B"
printf '%s\n' "$out" >"$T/bb.card"
keyid_a=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/aa.card")

expect "bb pins aa" 0 "pinned cert.aa (AA, cert) key $keyid_a" '' -- \
    peer add --dir "$B" "$T/aa.card"
expect "bb pins aa again" 0 "already pinned cert.aa (AA, cert) key $keyid_a" \
    '' -- peer add --dir "$B" "$T/aa.card"
expect "aa pins bb from stdin" 0 '*' '' -- peer add --dir "$A" - \
    <"$T/bb.card"
# A re-indented card is the same card.
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=4))' \
    "$T/aa.card" >"$T/aa.pretty"
expect "re-indented card" 0 "already pinned cert.aa (AA, cert) key $keyid_a" \
    '' -- peer add --dir "$B" "$T/aa.pretty"
run peer list --dir "$B" --json
check "peer list --json" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; p=json.load(sys.stdin); print(len(p), p[0]["party"], p[0]["state"], p[0]["tier"], p[0]["endpoint"])')" \
    = "1 cert.aa AA cert https://127.0.0.1:7101" ]

cat >"$T/req.json" <<'JSON'
{"category": "scanning", "severity": "medium",
 "summary": "SSH brute force from your address space",
 "observed": {"start": "2026-11-20T00:00:00Z", "end": "2026-11-26T23:59:59Z"},
 "indicators": [{"type": "ipv4", "value": "203.0.113.7", "count": 1200},
                {"type": "cidr", "value": "198.51.100.0/24"}],
 "expectations": ["investigate", "block-host"]}
JSON
run send --dir "$A" --to cert.bb --type request --subject "SSH scanning" \
    --deadline 48h --tlp amber --body "$T/req.json"
id=$out
check "send prints an id" [ "$rc" = 0 ] && check "64 hex" \
    [ "$(printf '%s' "$id" | grep -cE '^[0-9a-f]{64}$')" = 1 ]
check "the send is leaf 0 of aa's log" [ "$(sql "$A" "SELECT data FROM \
    log_leaves")" = "$(sql "$A" "SELECT '{\"at\":\"' || strftime('%Y-%m-%dT%H:%M:%SZ', \
    stored, 'unixepoch') || '\",\"event\":\"queued\",\"msg\":{\"created\":\"' || \
    strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch') || '\",\"deadline\":\"' || \
    strftime('%Y-%m-%dT%H:%M:%SZ', deadline, 'unixepoch') || \
    '\",\"from\":\"cert.aa\",\"id\":\"' || id || \
    '\",\"seq\":1,\"tier\":\"cert\",\"to\":\"cert.bb\",\"type\":\"request\"},\"v\":1}' \
    FROM messages")" ]
check "and a checkpoint of size 1" [ "$(sql "$A" 'SELECT max(size) FROM checkpoints')" = 1 ]
check "outbox row" [ "$(sql "$A" "SELECT dir, peer, type, seq, state, tlp, \
    deadline - created FROM messages WHERE id = '$id'")" = \
    "out|cert.bb|request|1|queued|amber|172800" ]
run outbox --dir "$A" --json
check "outbox --json" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; m=json.load(sys.stdin)[0]; print(m["id"], m["peer"], m["seq"], m["state"], m["subject"])')" \
    = "$id cert.bb 1 queued SSH scanning" ]

run show --dir "$A" --raw "$(printf '%.10s' "$id")"
"$HOTLINE" show --dir "$A" --raw "$id" >"$T/msg.json"
check "show --raw is the stored bytes" [ "$(sql "$A" "SELECT hex(raw) FROM \
    messages WHERE id = '$id'")" = "$(od -An -tx1 -v "$T/msg.json" | \
    tr -d ' \n' | tr a-f A-F)" ]

expect "check" 0 "valid $id from cert.aa seq 1" '' -- check --dir "$B" \
    "$T/msg.json"
check "check stores nothing" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]

# Every flipped byte fails, with a reason, and stores nothing. (Every byte
# and four bit positions are in test_envelope; here a stride of them goes
# through the command itself.)
size=$(stat -c %s "$T/msg.json")
mkdir "$T/flips"
python3 -c 'import sys
b = open(sys.argv[1], "rb").read()
for i in range(0, len(b), 7):
    f = bytearray(b); f[i] ^= 1
    open("%s/%d.json" % (sys.argv[2], i), "wb").write(f)' "$T/msg.json" "$T/flips"
flipfail=0
for f in "$T"/flips/*.json; do
	run accept --dir "$B" "$f"
	case "$err" in
	"hotline accept: $f: "?*) ;;
	*) flipfail=1; bad "flip $f: rc $rc, stderr [$err]" ;;
	esac
	[ "$rc" = 1 ] || { flipfail=1; bad "flip $f: exit $rc"; }
done
check "every flip tried" [ "$(ls "$T/flips" | wc -l)" = $(( (size + 6) / 7 )) ]
check "flips accepted nothing" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]
[ "$flipfail" = 0 ] && ok

# Three flips whose reasons are fixed.
sed 's/"seq":1,/"seq":2,/' "$T/msg.json" >"$T/seq.json"
expect "changed seq" 1 '' \
    "hotline accept: $T/seq.json: id: does not match the content (computed $(printf '%s' "$(sed 's/"seq":1,/"seq":2,/' "$T/msg.json")" | python3 -c '
import hashlib,json,sys
e=json.loads(sys.stdin.read()); e.pop("id"); e.pop("sig")
print(hashlib.sha256(json.dumps(e,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()).hexdigest())'))" \
    -- accept --dir "$B" "$T/seq.json"
sed 's/"tier":"cert",/"tier": "cert",/' "$T/msg.json" >"$T/ws.json"
off=$(python3 -c 'import sys; print(open(sys.argv[1]).read().index("\"tier\":")+7)' "$T/ws.json")
# Whitespace is not what was signed, but the canonical form is: check
# says so and checks that (test_io stores such a file).
expect "whitespace" 0 "valid $id from cert.aa seq 1" "hotline check: $T/ws.json: byte $off: not canonical: whitespace (RFC 8785 has none); checking its canonical form ($size bytes)" \
    -- check --dir "$B" "$T/ws.json"
python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(b[:len(b)//2])' \
    "$T/msg.json" "$T/trunc.json"
run accept --dir "$B" "$T/trunc.json"
check "truncated" [ "$rc" = 1 ]
check "truncated names the byte" [ "$(printf '%s' "$err" | grep -c "^hotline accept: $T/trunc.json: byte [0-9]*: ")" = 1 ]
check "still nothing stored" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]

expect "accept" 0 "accepted $id from cert.aa seq 1" '' -- accept --dir "$B" \
    "$T/msg.json"
expect "accept again" 0 "already stored $id from cert.aa seq 1" '' -- \
    accept --dir "$B" - <"$T/msg.json"
check "received is leaf 0 of bb's log" [ "$(sql "$B" "SELECT count(*), \
    json_extract(data, '$.event'), json_extract(data, '$.msg.id') FROM log_leaves")" = \
    "1|received|$id" ]
check "refused envelopes left no leaves" [ "$(sql "$B" "SELECT count(*) \
    FROM log_leaves")" = 1 ]
check "a receipt naming leaf 0, signed by bb" [ "$(sql "$B" "SELECT \
    json_extract(receipt, '$.kind'), json_extract(receipt, '$.msg'), \
    json_extract(receipt, '$.by'), json_extract(receipt, '$.leaf') FROM messages")" = \
    "receipt|$id|cert.bb|0" ]
check "stored once, exact bytes" [ "$(sql "$B" "SELECT count(*), dir, peer, \
    state, length(raw) FROM messages")" = "1|in|cert.aa|received|$size" ]
run inbox --dir "$B"
check "inbox table" [ "$(printf '%s\n' "$out" | sed -n 2p | cut -c1-48)" = \
    "$(printf '%.12s  %-16s %-10s %6s' "$id" cert.aa request 1)" ]
run show --dir "$B" "$id"
check "show names the sender" [ "$(printf '%s\n' "$out" | grep '^from ')" = \
    "from      cert.aa" ]
check "show prints integers" [ "$(printf '%s\n' "$out" | grep -c '"count": 1200,')" = 1 ]

# Messages arrive in seq order: the third before the second is refused.
printf '{"summary":"are you seeing this too?"}' >"$T/q.json"
id2=$("$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json")
id3=$("$HOTLINE" send --dir "$A" --to cert.bb --type notice --body - <<'JSON'
{"kind": "planned-activity", "summary": "red-team exercise next week"}
JSON
)
"$HOTLINE" show --dir "$A" --raw "$id2" >"$T/2.json"
"$HOTLINE" show --dir "$A" --raw "$id3" >"$T/3.json"
expect "gap" 1 '' "hotline accept: $T/3.json: seq: is 3, expected 2 from cert.aa" \
    -- accept --dir "$B" "$T/3.json"
expect "in order 2" 0 "accepted $id2 from cert.aa seq 2" '' -- accept \
    --dir "$B" "$T/2.json"
expect "in order 3" 0 "accepted $id3 from cert.aa seq 3" '' -- accept \
    --dir "$B" "$T/3.json"
expect "aa cannot accept its own message" 1 '' \
    "hotline accept: $T/3.json: to: addressed to cert.bb, but this node is cert.aa" \
    -- accept --dir "$A" "$T/3.json"

# Withdrawing: only what this node sent, and only once.
expect "withdraw what was received" 1 '' \
    "hotline withdraw: $(printf '%.12s' "$id") is a request this node received, not a request or query it sent" \
    -- withdraw --dir "$B" "$id"
expect "an empty reason" 1 '' "hotline withdraw: --reason: summary: must not be empty" \
    -- withdraw --dir "$A" --reason '' "$id"
check "which changed nothing" [ "$(sql "$A" "SELECT state FROM messages WHERE id = '$id'")" = queued ]
run withdraw --dir "$A" --reason "resolved locally" "$id"
wid=$out
check "withdraw queues a notice" [ "$rc" = 0 ] && check "naming the request" [ "$(sql "$A" \
    "SELECT type, seq, json_extract(raw, '$.refs[0]'), json_extract(raw, '$.body.kind'), \
    json_extract(raw, '$.tlp') FROM messages WHERE id = '$wid'")" = "notice|4|$id|withdrawal|amber" ]
check "the request is withdrawn at aa" [ "$(sql "$A" "SELECT state FROM messages WHERE id = '$id'")" = withdrawn ]
expect "withdraw twice" 1 '' "hotline withdraw: $(printf '%.12s' "$id") is already withdrawn" \
    -- withdraw --dir "$A" "$id"
"$HOTLINE" show --dir "$A" --raw "$wid" | "$HOTLINE" accept --dir "$B" - >/dev/null
check "and at bb once it has the notice" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$id'")" = withdrawn ]

# The default deadline follows the policy for the peer's tier.
printf 'first_response = 2d\nfirst_response.cert = 1h\n' >>"$A/hotline.conf"
pid=$("$HOTLINE" send --dir "$A" --to cert.bb --type request --body "$T/req.json")
check "a request to a CERT is due in an hour" [ "$(sql "$A" \
    "SELECT deadline - created FROM messages WHERE id = '$pid'")" = 3600 ]

finish
