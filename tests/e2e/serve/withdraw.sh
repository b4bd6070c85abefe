#!/bin/sh
# A withdrawal travels like any message and settles the query on both
# sides.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
printf '{"summary":"fifth"}' >"$T/q5.json"
wid=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q5.json")
"$HOTLINE" withdraw --dir "$T/aa" --reason "sent in error" "$wid" >/dev/null
wait_for "the withdrawal at bb" state_is bb "$wid" withdrawn
check "and at aa" [ "$(sql "$T/aa" "SELECT state FROM messages WHERE id = '$wid'")" = withdrawn ]
check "bb's log has the notice's kind" [ "$(sql "$T/bb" "SELECT json_extract(data, '$.msg.kind') \
    FROM log_leaves WHERE json_extract(data, '$.msg.type') = 'notice'")" = withdrawal ]
finish
