#!/bin/sh
# SIGHUP to the daemon mid-stream: the signer restarts its network
# process (a new PID; its own stays), and nothing is lost or doubled:
# every message of a loop of sends is delivered exactly once, and both
# logs verify. hotline key rotate's node_reload_daemon() sends the same.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

fixture_pair
start aa
start bb
child() {
	eval "p=\$PID_$1"
	cat /proc/"$p"/task/*/children | tr -d ' '
}
before=$(child aa)
lock=$(cat "$T/aa/serve.lock")
check "serve.lock names the signer" [ "$lock" = "$PID_aa" ]
i=0
while [ "$i" -lt 30 ]; do
	i=$((i + 1))
	printf '{"summary":"number %d"}' "$i" >"$T/q.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null ||
	    bad "send $i"
	# Mid-stream, from both ends: bb is receiving, aa sending.
	[ "$i" = 10 ] && kill -HUP "$PID_bb"
	[ "$i" = 20 ] && kill -HUP "$PID_aa"
done
restarted() {
	[ "$(grep -c "serving party=cert.$1" "$T/$1.log")" = 2 ]
}
wait_for "aa's network process restarted" restarted aa
wait_for "bb's network process restarted" restarted bb
wait_for "all 30 delivered" delivered aa 30
after=$(child aa)
check "a new network process" [ -n "$after" -a "$after" != "$before" ]
check "the same signer" kill -0 "$PID_aa"
check "serve.lock still names it" [ "$(cat "$T/aa/serve.lock")" = "$PID_aa" ]
check "each SIGHUP said" [ "$(grep -c 'signer: SIGHUP: restarting the network process' "$T/aa.log")" = 1 ]
check "bb stored each once" [ "$(sql "$T/bb" "SELECT count(*), count(DISTINCT id), min(seq), max(seq) FROM messages WHERE dir = 'in'")" = "30|30|1|30" ]
check "bb logged each once" [ "$(sql "$T/bb" "SELECT count(*) FROM log_leaves WHERE json_extract(data, '$.event') = 'received'")" = 30 ]
check "aa's receipts all kept" [ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE dir = 'out' AND state = 'delivered'")" = 30 ]
stop aa
stop bb
check "aa's log verifies" "$HOTLINE" log verify --dir "$T/aa"
check "bb's log verifies" "$HOTLINE" log verify --dir "$T/bb"
check "node_reload_daemon finds no daemon: nothing to tell" [ ! -e /proc/"$PID_aa" ]
finish
