#!/bin/sh
# aa forks: a copy of its directory goes on with a different history;
# bb, having cosigned the real size 4, catches the fork's, keeps the
# evidence and raises the alarm.
. "$(dirname "$0")/log.sh"

cosigned
# aa forks: a copy of its directory goes on with a different history.
cp -a "$A" "$T/fork"
"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
printf '{"summary":"something else entirely"}' >"$T/q2.json"
"$HOTLINE" send --dir "$T/fork" --to cert.bb --type query --body "$T/q2.json" >/dev/null
"$HOTLINE" log head --dir "$A" | sed '/^— hotline\/cert.bb/d' >"$T/head4"
"$HOTLINE" log proof consistency 3 4 --dir "$A" >"$T/c34"
expect "cosign the real size 4" 0 '*' '' -- log cosign --peer cert.aa --proof "$T/c34" --dir "$B" "$T/head4"
"$HOTLINE" log head --dir "$T/fork" >"$T/fork4"
expect "the fork's size 4 is caught" 1 '' \
    "hotline log cosign: $T/fork4: cert.aa's checkpoint of size 4 is not consistent with its checkpoint of size 4 cosigned earlier; both are kept as evidence" \
    -- log cosign --peer cert.aa --dir "$B" "$T/fork4"
run status --dir "$B"
check "status raises the alarm" [ "$rc" = 1 ]
check "status names the log and sizes" [ "$(printf '%s\n' "$out" | grep '^ALARM' | sed 's/ (found.*//')" = \
    "ALARM       equivocation: hotline/cert.aa signed checkpoints of sizes 4 and 4 that are not consistent" ]
run status --json --dir "$B"
check "status --json" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; s=json.load(sys.stdin); e=s["equivocations"][0]; print(e["origin"], e["cosigned_size"], e["conflicting_size"], s["witnessed"][0]["size"])')" = \
    "hotline/cert.aa 4 4 4" ]
check "evidence kept" [ "$(sql "$B" 'SELECT count(*) FROM equivocations')" = 1 ]
expect "an older head is refused" 1 '' \
    "hotline log cosign: $T/head3: checkpoint of size 3 is older than the one already cosigned (4)" \
    -- log cosign --peer cert.aa --dir "$B" "$T/head3"
expect "unknown peer" 1 '' "hotline log cosign: $T/head3: unknown peer cert.zz: no card pinned" \
    -- log cosign --peer cert.zz --dir "$B" "$T/head3"
finish
