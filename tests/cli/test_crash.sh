#!/bin/sh
# kill -9 at random points: every message whose id `send` printed, and
# every envelope `accept` acknowledged, is still there afterwards, exactly
# once, with seqs gap-free and the database intact.
. "$(dirname "$0")/lib.sh"

two_nodes
printf '{"summary":"are you seeing this?"}' >"$T/q.json"

# Kill points spread evenly from 0 to three times the slowest of three
# sends measured here (the sanitizer build is several times slower).
: >"$T/acked"
span=0
for n in 1 2 3; do
	t0=$(date +%s%N)
	"$HOTLINE" send --dir "$A" --to cert.bb --type query \
	    --body "$T/q.json" >>"$T/acked"
	t=$(( ($(date +%s%N) - t0) / 1000 ))
	[ "$t" -gt "$span" ] && span=$t
done
span=$((span * 3))
[ "$span" -lt 999999 ] || span=999999
# delay N: the N-th of rounds evenly spaced kill points, in seconds.
delay() {
	printf '0.%06d' $(( span * $1 / rounds ))
}

rounds=40
i=0
while [ "$i" -lt "$rounds" ]; do
	"$HOTLINE" send --dir "$A" --to cert.bb --type query \
	    --body "$T/q.json" >>"$T/acked" 2>/dev/null &
	pid=$!
	sleep "$(delay "$i")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	i=$((i + 1))
done
acked=$(( $(wc -l <"$T/acked") - 3 ))
rows=$(sql "$A" "SELECT count(*) FROM messages WHERE dir = 'out'")
check "integrity after kills" [ "$(sql "$A" 'PRAGMA integrity_check')" = ok ]
# Where the kills landed depends on timing, which this shared machine
# cannot promise: reported, not asserted. The invariants below are not.
missing=0
while read -r id; do
	[ "$(sql "$A" "SELECT count(*) FROM messages WHERE id = '$id'")" = 1 ] ||
	    missing=$((missing + 1))
done <"$T/acked"
check "every acknowledged send is stored once ($acked acked, $rows rows)" \
    [ "$missing" = 0 ]
check "seqs gap-free" [ "$(sql "$A" "SELECT min(seq), max(seq), count(*) \
    FROM messages WHERE dir = 'out'")" = "1|$rows|$rows" ]
check "at most one row per send" [ "$rows" -le $((rounds + 3)) ]

# The receiver: each accept killed at some point, then redelivered.
j=1
while [ "$j" -le "$rows" ]; do
	id=$(sql "$A" "SELECT id FROM messages WHERE dir = 'out' AND seq = $j")
	"$HOTLINE" show --dir "$A" --raw "$id" >"$T/m$j.json"
	j=$((j + 1))
done
: >"$T/accepted"
j=1
while [ "$j" -le "$rows" ]; do
	"$HOTLINE" accept --dir "$B" "$T/m$j.json" >>"$T/accepted" 2>/dev/null &
	pid=$!
	sleep "$(delay $(( (j * 7) % rounds )))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# Redeliver until acknowledged, as the daemon will.
	"$HOTLINE" accept --dir "$B" "$T/m$j.json" >>"$T/accepted" 2>&1 || \
	    bad "redelivery of seq $j: $(tail -1 "$T/accepted")"
	j=$((j + 1))
done
check "receiver integrity" [ "$(sql "$B" 'PRAGMA integrity_check')" = ok ]
check "every message stored exactly once" [ "$(sql "$B" "SELECT count(*), \
    count(DISTINCT id), min(seq), max(seq) FROM messages WHERE dir = 'in'")" \
    = "$rows|$rows|1|$rows" ]
check "the stored bytes are the sent bytes" [ "$(sql "$B" "SELECT \
    group_concat(hex(raw), '') FROM (SELECT raw FROM messages ORDER BY seq)")" \
    = "$(sql "$A" "SELECT group_concat(hex(raw), '') FROM (SELECT raw FROM \
    messages WHERE dir = 'out' ORDER BY seq)")" ]

printf "crash: %d of %d killed sends acknowledged, %d rows\n" "$acked" "$rounds" "$((rows - 3))"
finish
