#!/bin/sh
# Alarms stand in status and status --check until what raised them is
# over: a peer that refuses a message, a log that fails verification.
. "$(dirname "$0")/lib.sh"

node aa AA
# A node from before identity keys, whose card follows its config: the
# one kind whose tier an operator can change without a new card.
v1_node "$T/aa"
"$HOTLINE" id --dir "$T/aa" >"$T/aa.card"
node bb BB
pin aa bb
start aa
start bb
printf '{"summary":"anything?"}' >"$T/q.json"
q1=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
wait_for "q1 delivered" delivered aa 1
expect "no alarm" 0 "OK cert.aa: no alarms" '' -- status --check --dir "$T/aa"

# aa's operator changes its tier without a new card: bb refuses.
stop aa
sed -i 's/^tier = cert$/tier = nrrc/' "$T/aa/hotline.conf"
q2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
start aa
refused() {
	"$HOTLINE" status --check --dir "$T/aa" | grep -q '^ALARM refused'
}
wait_for "the refused alarm" refused
run status --check --dir "$T/aa"
check "status --check exits 3" [ "$rc" = 3 ]
check "the line names the peer, the message and the refusal" [ "$(printf '%s\n' "$out" | \
    sed 's/ (since .*//')" = "ALARM refused peer=cert.bb msg=$(printf '%.12s' "$q2"): schema: tier: is nrrc, but cert.aa's pinned card says cert" ]
check "q2 is still queued" state_is aa "$q2" queued

# Back as it was: q2, signed as nrrc, is refused still and holds q3
# behind it (seq order); only the operator can clear that.
stop aa
sed -i 's/^tier = nrrc$/tier = cert/' "$T/aa/hotline.conf"
start aa
q3=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
wait_for "aa tried again" sh -c "[ \$(grep -c 'not delivered msg=$(printf '%.12s' "$q2")' '$T/aa.log') -ge 2 ]"
check "q2, signed as it was, is refused still" refused
check "q3 waits behind it" state_is aa "$q3" queued
stop aa
stop bb

# A log that fails verification is an alarm until one passes.
cp "$T/aa/hotline.db" "$T/aa.db.good"
sqlite3 "$T/aa/hotline.db" "UPDATE log_leaves SET data = CAST(replace(CAST(data AS TEXT), \
    'query', 'qvery') AS BLOB) WHERE idx = 0"
run log verify --dir "$T/aa"
check "log verify fails" [ "$rc" = 1 ]
run status --check --dir "$T/aa"
check "status --check names the log" [ "$(printf '%s\n' "$out" | grep '^ALARM log-invalid' | \
    sed 's/ (since .*//')" = "ALARM log-invalid: leaf 0: the stored hash of subtree (level 0, index 0) is not the hash of the stored leaves" ]
cp "$T/aa.db.good" "$T/aa/hotline.db"
rm -f "$T/aa/hotline.db-wal" "$T/aa/hotline.db-shm"
"$HOTLINE" alarm clear --dir "$T/aa" refused cert.bb >/dev/null
run log verify --dir "$T/aa"
check "log verify passes again" [ "$rc" = 0 ]
expect "and the alarm is gone" 0 "OK cert.aa: no alarms" '' -- status --check --dir "$T/aa"

finish
