#!/bin/sh
# Withdrawing: only what this node sent, with a reason, and only once;
# the notice settles the request at the peer too.
. "$(dirname "$0")/exchange.sh"

pair
request
"$HOTLINE" accept --dir "$B" "$T/msg.json" >/dev/null || bad "accept 1"
# Two more after it, so that the notice is seq 4.
printf '{"summary":"are you seeing this too?"}' >"$T/q.json"
for n in 2 3; do
	"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >"$T/id$n" || bad "send $n"
	"$HOTLINE" show --dir "$A" --raw "$(cat "$T/id$n")" | "$HOTLINE" accept --dir "$B" - >/dev/null || bad "accept $n"
done
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
check "bb has not heard yet" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$id'")" = received ]
"$HOTLINE" show --dir "$A" --raw "$wid" | "$HOTLINE" accept --dir "$B" - >/dev/null
check "and at bb once it has the notice" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$id'")" = withdrawn ]
finish
