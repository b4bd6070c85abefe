#!/bin/sh
# bb answers a request: interim, then final; both sides see the
# request's state, and reply refuses what would contradict it.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
request_delivered

printf '{"summary":"looking into it"}' >"$T/interim.json"
r1=$("$HOTLINE" reply --dir "$T/bb" "$id" --body "$T/interim.json")
wait_for "the interim answer" delivered bb 1
wait_for "aa sees answered-interim" state_is aa "$id" answered-interim
check "bb's copy is answered-interim" [ "$(sql "$T/bb" "SELECT state FROM messages WHERE id = '$id'")" = answered-interim ]
check "the response names the request" [ "$(sql "$T/aa" "SELECT json_extract(raw, '$.refs[0]'), \
    json_extract(raw, '$.body.status'), json_extract(raw, '$.tlp') FROM messages WHERE id = '$r1'")" = "$id|interim|amber" ]
cat >"$T/final.json" <<'JSON'
{"summary":"blocked at the edge","actions":["block-host"],
 "findings":[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3,"where":["edge firewall"]}]}
JSON
"$HOTLINE" reply --dir "$T/bb" "$id" --final --body "$T/final.json" >/dev/null
wait_for "the final answer" delivered bb 2
wait_for "aa sees answered-final" state_is aa "$id" answered-final
check "aa's log has the interim answer's status, not its body" [ "$(sql "$T/aa" "SELECT \
    json_extract(data, '$.msg.status'), json_extract(data, '$.msg.body') IS NULL FROM log_leaves \
    WHERE json_extract(data, '$.msg.id') = '$r1' AND json_extract(data, '$.event') = 'received'")" = "interim|1" ]
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
check "bb sent three responses, no more" [ "$(sql "$T/bb" "SELECT count(*) FROM messages WHERE dir = 'out'")" = 3 ]
finish
