#!/bin/sh
# A receiver restored from an older copy of its directory asks again for
# messages it has receipted. The sender keeps every receipt it holds, no
# request moves back, the rollback stands as an alarm (status --check
# exits 3), the second receipts are kept beside the first and logged,
# resends are bounded, and both sides' bundles still verify.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
printf 'unreachable_after = 1s\n' >>"$T/aa/hotline.conf"
start aa
start bb

ssh_request "$T/req.json"
r1=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
wait_for "r1 delivered" delivered aa 1
# The backup holds aa's cosignature of bb's log, so that bb's bundle can
# show aa saw it (a slow machine may not have cosigned by now).
wait_for "bb's log cosigned by aa" cosigned bb aa
# bb's directory as a backup would have it: it knows seq 1 only.
stop bb
cp -a "$T/bb" "$T/bb.old"
start bb
printf '{"summary":"blocked"}' >"$T/final.json"
"$HOTLINE" reply --dir "$T/bb" "$r1" --final --body "$T/final.json" >/dev/null
wait_for "aa sees answered-final" state_is aa "$r1" answered-final
printf '{"summary":"anything?"}' >"$T/q.json"
q2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
q3=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
wait_for "q2 and q3 delivered" delivered aa 3
receipts_before=$(sql "$T/aa" "SELECT group_concat(hex(receipt)) FROM \
    (SELECT receipt FROM messages WHERE dir = 'out' ORDER BY seq)")
leaf2=$(sql "$T/aa" "SELECT json_extract(receipt, '$.leaf') FROM messages WHERE id = '$q2'")
leaf3=$(sql "$T/aa" "SELECT json_extract(receipt, '$.leaf') FROM messages WHERE id = '$q3'")
expect "no alarm while all is well" 0 "OK cert.aa: no alarms" '' -- status --check --dir "$T/aa"

# bb goes dark: after unreachable_after, aa says so.
stop bb
q4=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
unreachable() {
	"$HOTLINE" status --check --dir "$T/aa" | grep -q '^ALARM unreachable peer=cert.bb: no delivery for'
}
wait_for "the unreachable alarm" unreachable
run status --check --dir "$T/aa"
check "status --check exits 3 while bb is unreachable" [ "$rc" = 3 ]

# bb comes back from its backup.
rm -rf "$T/bb"
mv "$T/bb.old" "$T/bb"
start bb
wait_for "q4 delivered" delivered aa 4
wait_for "bb holds seq 1..4" sh -c "[ \"\$(sqlite3 '$T/bb/hotline.db' \"SELECT \
    group_concat(seq) FROM (SELECT seq FROM messages WHERE dir = 'in' ORDER BY seq)\")\" = 1,2,3,4 ]"

check "aa kept every receipt it held, byte for byte" [ "$(sql "$T/aa" "SELECT \
    group_concat(hex(receipt)) FROM (SELECT receipt FROM messages WHERE dir = 'out' \
    AND seq <= 3 ORDER BY seq)")" = "$receipts_before" ]
check "r1 is still answered-final" state_is aa "$r1" answered-final
check "no request regressed" [ "$(sql "$T/aa" "SELECT group_concat(state) FROM \
    (SELECT state FROM messages WHERE dir = 'out' ORDER BY seq)")" = \
    "answered-final,delivered,delivered,delivered" ]
check "aa logged nothing overdue" [ "$(sql "$T/aa" "SELECT count(*) FROM log_leaves \
    WHERE json_extract(data, '$.event') = 'overdue'")" = 0 ]
check "bb's second receipts are kept beside the first" [ "$(sql "$T/aa" "SELECT \
    group_concat(id) FROM (SELECT r.id FROM rereceipts r JOIN messages m USING (id) \
    ORDER BY m.seq)")" = "$q2,$q3" ]
check "they name other leaves of bb's log than the first ones" [ "$(sql "$T/aa" "SELECT \
    count(*) FROM rereceipts r JOIN messages m USING (id) WHERE \
    json_extract(r.receipt, '$.leaf') = json_extract(m.receipt, '$.leaf')")" = 0 ]
check "aa's log has a redelivered leaf for each" [ "$(sql "$T/aa" "SELECT \
    group_concat(json_extract(data, '$.msg.id')) FROM log_leaves WHERE \
    json_extract(data, '$.event') = 'redelivered'")" = "$q2,$q3" ]
check "aa's log says so" grep -q "ALARM peer=cert.bb asks again for seq=2..3, which it receipted at its leaves $leaf2..$leaf3" "$T/aa.log"

want="ALARM peer-rollback peer=cert.bb: asked again for seq 2, but receipted seq 2..3 at its leaves $leaf2..$leaf3: its log was rolled back or forked"
reachable() {
	! "$HOTLINE" status --check --dir "$T/aa" | grep -q '^ALARM unreachable'
}
wait_for "the unreachable alarm cleared" reachable
run status --check --dir "$T/aa"
check "status --check exits 3 while the rollback alarm stands" [ "$rc" = 3 ]
check "status --check names the peer, the seqs and the leaves" \
    [ "$(printf '%s\n' "$out" | grep '^ALARM peer-rollback' | sed 's/ (since .*//')" = "$want" ]
run status --json --dir "$T/aa"
check "status --json lists it under alarms" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; a=[x for x in json.load(sys.stdin)["alarms"] if x["kind"]=="peer-rollback"]; print(a[0]["peer"], len(a))')" = "cert.bb 1" ]
run status --dir "$T/aa"
check "status shows the alarm" [ "$(printf '%s\n' "$out" | grep -c '^ALARM       peer-rollback peer=cert.bb')" = 1 ]

expect "the operator clears what it looked into" 0 "cleared peer-rollback cert.bb" '' \
    -- alarm clear --dir "$T/aa" peer-rollback cert.bb
expect "once" 1 '' "hotline alarm: no peer-rollback alarm stands for cert.bb" \
    -- alarm clear --dir "$T/aa" peer-rollback cert.bb
expect "an alarm kind" 2 '' "hotline alarm: 'equivocation' is not an alarm kind one can clear" \
    -- alarm clear --dir "$T/aa" equivocation cert.bb
check "the evidence stays" [ "$(sql "$T/aa" "SELECT count(*) FROM rereceipts")" = 2 ]

# Resends are bounded: the one sending again, and no more while nothing
# new is asked for.
sleep 3
check "aa sent again once" [ "$(grep -c 'asks again for seq' "$T/aa.log")" = 1 ]
check "bb stored seq 2 and 3 once each" [ "$(sql "$T/bb" "SELECT count(*), \
    count(DISTINCT seq) FROM messages WHERE dir = 'in'")" = "4|4" ]

# Evidence is append-only in the database, whoever writes.
check "a kept receipt cannot be cleared" [ "$(sqlite3 "$T/aa/hotline.db" \
    "UPDATE messages SET receipt = NULL WHERE id = '$q2'" 2>&1)" = \
    "Error: stepping, a kept receipt is never replaced (19)" ]
check "a final answer cannot be undone" [ "$(sqlite3 "$T/aa/hotline.db" \
    "UPDATE messages SET state = 'queued' WHERE id = '$r1'" 2>&1)" = \
    "Error: stepping, a message state never moves back (19)" ]

# Both sides' bundles verify; aa's shows the second receipts.
stop aa
stop bb
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa.bundle" >/dev/null || bad "aa's bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
run verify --card "$T/aa.card" --card "$T/bb.card" "$T/aa.bundle"
check "aa's bundle verifies" [ "$rc" = 0 ]
check "and shows the second receipts" [ "$(printf '%s\n' "$out" | grep '^receipted')" = \
    "receipted    again: 2 messages receipted a second time at other leaves, signed: the receiver's log was rolled back or forked" ]
run verify --card "$T/aa.card" --card "$T/bb.card" "$T/bb.bundle"
check "bb's bundle verifies" [ "$rc" = 0 ]
check "the Python checker agrees on aa's bundle" python3 "$(dirname "$0")/../../docs/audit/check_bundle.py" "$T/aa.bundle" >/dev/null
run verify --json --card "$T/aa.card" --card "$T/bb.card" "$T/aa.bundle" "$T/bb.bundle"
check "side by side, the rollback is a dispute verify names" [ "$rc" = 1 ]
ids="($(printf '%.16s' "$q2")|$(printf '%.16s' "$q3"))"
fork="cert.aa holds cert.bb's receipt for $ids as leaf ($leaf2|$leaf3) of cert.bb's log, but cert.bb's bundle has another leaf there"
check "verify names the receipt bb's log no longer holds" sh -c \
    'printf "%s\n" "$1" | grep -Eqx "$2"' - "$err" "hotline verify: $T/bb.bundle: $fork"

finish
