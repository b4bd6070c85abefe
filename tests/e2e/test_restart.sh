#!/bin/sh
# Nothing lost, nothing twice: requests stream from aa to bb while bb is
# killed with SIGKILL and restarted three times, then while aa is. Every
# message arrives exactly once, in seq order; the receipt aa keeps is the
# one bb issued; both logs verify.
. "$(dirname "$0")/lib.sh"

N=${HOTLINE_E2E_MESSAGES:-1000}

node aa AA
node bb BB
pin aa bb
start aa
start bb
printf '{"summary":"anything in your logs?"}' >"$T/q.json"

# send_many FROM TO: queue messages from..to in the background.
send_many() {
	(
		i=$1
		while [ "$i" -le "$2" ]; do
			"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query \
			    --body "$T/q.json" >/dev/null || exit 1
			i=$((i + 1))
		done
	) &
	sender=$!
}

# kill_during NAME TIMES TOTAL: SIGKILL NAME whenever another sixth of
# the stream has been delivered, and start it again.
kill_during() {
	for k in $(seq 1 "$2"); do
		want=$(( $3 * k / ($2 + 2) ))
		wait_for "$want delivered" sh -c "[ \$(sqlite3 '$T/aa/hotline.db' \
		    \"SELECT count(*) FROM messages WHERE dir = 'out' AND \
		    receipt IS NOT NULL\") -ge $want ]"
		stop "$1" KILL
		start "$1"
	done
}

send_many 1 "$N"
kill_during bb 3 "$N"
wait "$sender" || bad "a send failed"
wait_for "all $N delivered" delivered aa "$N"

half=$((N / 2))
total=$((N + half))
send_many $((N + 1)) "$total"
kill_during aa 2 "$total"
wait "$sender" || bad "a send failed"
wait_for "all $total delivered" delivered aa "$total"

check "bb has every message once, seq 1..$total" [ "$(sql "$T/bb" "SELECT count(*), \
    count(DISTINCT id), min(seq), max(seq) FROM messages WHERE dir = 'in'")" = \
    "$total|$total|1|$total" ]
check "bb stored them in seq order" [ "$(sql "$T/bb" "SELECT count(*) FROM \
    messages a JOIN messages b ON b.seq = a.seq + 1 WHERE a.stored > b.stored")" = 0 ]
check "aa holds bb's very receipts" [ "$(sql "$T/aa" "SELECT hex(group_concat(hex(receipt))) \
    FROM (SELECT receipt FROM messages ORDER BY seq)")" = "$(sql "$T/bb" \
    "SELECT hex(group_concat(hex(receipt))) FROM (SELECT receipt FROM messages ORDER BY seq)")" ]
check "bb logged each once" [ "$(sql "$T/bb" "SELECT count(*), count(DISTINCT \
    json_extract(data, '$.msg.id')) FROM log_leaves")" = "$total|$total" ]
check "aa logged each queued and delivered once" [ "$(sql "$T/aa" "SELECT \
    json_extract(data, '$.event'), count(DISTINCT json_extract(data, '$.msg.id')), \
    count(*) FROM log_leaves GROUP BY 1 ORDER BY 1" | tr '\n' ' ')" = \
    "delivered|$total|$total queued|$total|$total " ]
# Witnessing ran through the kills: each side cosigned a growing log and
# never saw two checkpoints that disagree.
check "bb cosigned aa's log along the way" [ "$(sql "$T/aa" "SELECT count(*) > 0 \
    FROM cosignatures WHERE cosigner = 'cert.bb'")" = 1 ]
check "no inconsistency seen by bb" [ "$(sql "$T/bb" 'SELECT count(*) FROM equivocations')" = 0 ]
check "no inconsistency seen by aa" [ "$(sql "$T/aa" 'SELECT count(*) FROM equivocations')" = 0 ]
check "bb really started four times" [ "$(grep -c 'serving party=cert.bb' "$T/bb.log")" = 4 ]
check "aa really started three times" [ "$(grep -c 'serving party=cert.aa' "$T/aa.log")" = 3 ]
expect "aa's log verifies" 0 '*' '' -- log verify --dir "$T/aa"
expect "bb's log verifies" 0 '*' '' -- log verify --dir "$T/bb"
printf 'restart: %d messages, bb killed 3 times, aa twice; %d refused as duplicates or gaps on the way\n' \
    "$total" "$(grep -c 'refused\|duplicate' "$T/bb.log")"
stop aa
stop bb
finish
