#!/bin/sh
# Messages arrive in seq order: the third before the second is refused;
# a node does not accept its own message.
. "$(dirname "$0")/exchange.sh"

pair
request
"$HOTLINE" accept --dir "$B" "$T/msg.json" >/dev/null || bad "accept 1"
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
finish
