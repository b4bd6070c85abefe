#!/bin/sh
# A receiver that answers every batch, whatever it holds, with a seq gap
# naming seq 1 (a hostile peer, not a restored one). The sender raises
# the rollback alarm once, keeps every receipt and state, logs nothing
# overdue, and backs off: its attempts stay few, not hundreds.
. "$(dirname "$0")/lib.sh"

node aa AA
port=$(free_port)
proxy=$(free_port)
"$HOTLINE" init --party cert.bb --state BB --tier cert --listen "127.0.0.1:$port" \
    --endpoint "https://127.0.0.1:$proxy" --dir "$T/bb" >/dev/null || bad "init bb"
"$HOTLINE" id --dir "$T/bb" >"$T/bb.card"
pin aa bb
echo honest >"$T/mode"
python3 "$(dirname "$0")/liar.py" "$proxy" "$T/bb/tls.crt" "$T/bb/tls.key" "$port" \
    "$T/aa/tls.crt" "$T/aa/tls.key" "$T/posts" "$T/mode" &
PIDS="$PIDS $!"
start aa
start bb

printf '{"summary":"anything?"}' >"$T/q.json"
for i in 1 2 3; do
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null
done
ssh_request "$T/req.json"
r=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
wait_for "four delivered through the proxy" delivered aa 4
printf '{"summary":"done"}' >"$T/final.json"
"$HOTLINE" reply --dir "$T/bb" "$r" --final --body "$T/final.json" >/dev/null
wait_for "aa sees answered-final" state_is aa "$r" answered-final
before=$(sql "$T/aa" "SELECT group_concat(hex(receipt) || state) FROM \
    (SELECT receipt, state FROM messages WHERE dir = 'out' ORDER BY seq)")

echo lie >"$T/mode"
start_posts=$(cat "$T/posts")
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null
rollback() {
	"$HOTLINE" status --check --dir "$T/aa" | grep -q '^ALARM peer-rollback peer=cert.bb: asked again for seq 1, but receipted seq 1..4'
}
wait_for "the rollback alarm" rollback
sleep 10
posts=$(( $(cat "$T/posts") - start_posts ))
check "aa kept every receipt and state" [ "$(sql "$T/aa" "SELECT group_concat(hex(receipt) || state) \
    FROM (SELECT receipt, state FROM messages WHERE dir = 'out' AND seq <= 4 ORDER BY seq)")" = "$before" ]
check "no second receipt was made up" [ "$(sql "$T/aa" "SELECT count(*) FROM rereceipts")" = 0 ]
check "nothing overdue was logged" [ "$(sql "$T/aa" "SELECT count(*) FROM log_leaves WHERE \
    json_extract(data, '$.event') = 'overdue'")" = 0 ]
check "the rollback was taken once" [ "$(grep -c 'asks again for seq=1..4' "$T/aa.log")" = 1 ]
# Backing off from 1 s and 200 ms doublings, ten seconds hold a handful
# of attempts (each up to two POSTs: the next batch is on the wire while
# the last is read); without back-off they held hundreds.
tries=$(grep -c 'not delivered msg=.* peer=cert.bb seq=1: seq-gap' "$T/aa.log")
check "aa backed off: $tries attempts in 10 s" [ "$tries" -ge 2 -a "$tries" -le 8 ]
check "aa backed off: $posts POSTs in 10 s" [ "$posts" -le 18 ]
check "the seq-gap for the seq sent is a refusal" grep -q "not delivered msg=.* peer=cert.bb seq=1: seq-gap: expected seq 1" "$T/aa.log"
finish
