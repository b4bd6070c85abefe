#!/bin/sh
# A pinned peer delivers, a request and then a batch, while 64 hostile
# connections are held open against it (plain TCP that never speaks and
# TLS without a certificate trickling a ClientHello, from 127.0.0.1, the
# sender's own address, and 127.0.0.2..5), reopened whenever the server
# drops them. Then: connections that never authenticate are closed by
# the server at the handshake deadline, trickling or not.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
start bb

python3 "$(dirname "$0")/flood.py" "$PORT_bb" 64 "$T/flood" "$T/mark" "$T/stop" \
    2>"$T/flood.err" &
FLOOD=$!
PIDS="$PIDS $FLOOD"
# field NAME [FILE]: a count from the flood's status line.
field() {
	tr ' ' '\n' <"${2:-$T/flood}" | sed -n "s/^$1=//p"
}
all_open() {
	[ "$(field open)" = 64 ]
}
wait_for "64 hostile connections" all_open
# 64 are more than the pre-auth budget: the server has been evicting them.
dropped() {
	[ "$(field closed)" -ge 64 ]
}
wait_for "the server dropping hostile connections" dropped

touch "$T/mark"
closed0=$(field closed)
ssh_request "$T/req.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
start aa
wait_for "delivery under the flood" delivered aa 1
check "bb stored it" [ "$(sql "$T/bb" "SELECT id, state FROM messages")" = "$id|received" ]
check "aa keeps bb's receipt" [ "$(sql "$T/aa" "SELECT state, json_extract(receipt, '$.by') \
    FROM messages")" = "delivered|cert.bb" ]
# Three queued while aa is down go as one batch when it is back.
stop aa
for s in one two three; do
	printf '{"summary":"%s"}' "$s" >"$T/q.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null
done
start aa
wait_for "the batch under the flood" delivered aa 4
check "bb has 1..4 in order" [ "$(sql "$T/bb" "SELECT group_concat(seq) FROM \
    (SELECT seq FROM messages WHERE dir = 'in' ORDER BY seq)")" = "1,2,3,4" ]
check "bb logged receiving 2, 3 and 4" [ \
    "$(grep -c 'received msg=.* peer=cert.aa seq=[234] ' "$T/bb.log")" = 3 ]
cp "$T/flood" "$T/flood.at-delivery"
touch "$T/stop"
wait "$FLOOD"
echo "flood at delivery: $(cat "$T/flood.at-delivery")"
# The client's own connects always succeed (the kernel's backlog takes
# them); that the server went on evicting and the flood on reconnecting
# shows the budget was contended while aa delivered.
check "the server went on evicting the flood while aa delivered" \
    [ "$(field closed "$T/flood.at-delivery")" -gt "$closed0" ]
check "and the flood reconnected, 64 again after every pass" \
    [ "$(field min_open "$T/flood.at-delivery")" = 64 ]
check "the flood script ran clean" [ ! -s "$T/flood.err" ]

# After the flood: one of each kind, from an address of its own, alone.
python3 "$(dirname "$0")/hold.py" "$PORT_bb" 127.0.0.9 tcp >"$T/hold.tcp" &
H1=$!
python3 "$(dirname "$0")/hold.py" "$PORT_bb" 127.0.0.10 tls >"$T/hold.tls" &
H2=$!
wait "$H1" "$H2"
check "a silent TCP connection is closed by the server" grep -q '^closed-by-server sent=0 ' "$T/hold.tcp"
check "a trickling TLS connection is closed by the server" grep -q '^closed-by-server ' "$T/hold.tls"
check "while it was still trickling (total deadline, not idle time)" python3 -c '
import sys
f = dict(kv.split("=") for kv in open(sys.argv[1]).read().split()[1:])
sys.exit(not (2 <= int(f["sent"]) < int(f["hello"])))' "$T/hold.tls"
check "bb still serves a pinned peer" sh -c "curl -s -k --cert '$T/aa/tls.crt' --key '$T/aa/tls.key' \
    'https://127.0.0.1:$PORT_bb/v1/ping' | grep -q '\"party\":\"cert.bb\"'"
stop aa
stop bb
finish
