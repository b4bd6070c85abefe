#!/bin/sh
# A ping is answered by a pong queued in the same transaction that
# accepts it; the pong completes the round trip on aa, and status shows
# it.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
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
check "status: nothing undelivered" [ "$(printf '%s' "$out" | json 'd["undelivered"]')" = "{'count': 0, 'oldest': None}" ]
run status --dir "$T/aa"
check "status text names the ping" sh -c "printf '%s' \"\$1\" | grep -q '^ping        cert.bb sent .*, answered, round trip [0-9]* ms\$'" _ "$out"
expect "pinging a stranger names it" 1 '' 'hotline ping: unknown peer cert.zz: pin its card with hotline peer add' -- ping --dir "$T/aa" cert.zz
finish
