#!/bin/sh
# aa cuts its log back below what bb cosigned and writes on: bb's witness
# refuses the new head and keeps the evidence, status raises the alarm,
# and bb's bundle shows aa's was rewritten. Daemons of its own, not the
# story's: the story's nodes were pinned to the ports it was told on.
. "$(dirname "$0")/story.sh"

fixture_pair
start aa
start bb
# Two of aa's heads cosigned by bb, so that one cosignature is older
# than the cut.
for i in 1 2; do
	printf '{"summary":"before the cut %s"}' "$i" >"$T/p$i.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/p$i.json" >/dev/null
	wait_for "delivery $i" delivered aa "$i"
	wait_for "aa's head cosigned by bb" cosigned aa bb
done
stop aa
stop bb
S=$(sql "$T/bb" "SELECT size FROM witnessed WHERE origin = 'hotline/cert.aa'")
K=$((S - 1))
sqlite3 "$T/aa/hotline.db" "DELETE FROM log_leaves WHERE idx >= $K; \
    DELETE FROM log_nodes WHERE ((idx + 1) << level) > $K; \
    DELETE FROM cosignatures WHERE size > $K; DELETE FROM checkpoints WHERE size > $K"
start aa
start bb
for i in 1 2 3; do
	printf '{"summary":"after the cut %s"}' "$i" >"$T/q$i.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q$i.json" >/dev/null
done
equivocated() { [ "$(sql "$T/bb" 'SELECT count(*) FROM equivocations')" = 1 ]; }
wait_for "bb catches aa's rewrite" equivocated
# Each later head aa offers is another rewrite bb keeps: with aa stopped
# there are no more, and status shows an alarm for each kept.
stop aa
n=$(sql "$T/bb" 'SELECT count(*) FROM equivocations')
run status --dir "$T/bb"
check "bb's status raises the alarm, once per rewrite kept" [ "$rc:$(printf '%s\n' "$out" | grep -c '^ALARM       equivocation: hotline/cert.aa')" = "1:$n" ]
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa2.bundle" >/dev/null || bad "aa's second bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb2.bundle" >/dev/null || bad "bb's second bundle"
stop bb
run verify "$T/aa2.bundle"
check "alone, aa's bundle shows bb's last cosignature is older than its head" sh -c \
    "printf '%s\n' \"\$1\" | grep -q '^cosigned     by cert.bb at size [0-9]* (.*): later leaves are not witnessed by it\$'" _ "$out"
expect "with bb's, the rewrite is exposed" 1 '' \
    "hotline verify: $T/aa2.bundle: cert.bb cosigned cert.aa's log at size $S, and cert.aa's bundle has other leaves up to there: its log was rewritten" \
    -- verify "$T/aa2.bundle" "$T/bb2.bundle"
finish
