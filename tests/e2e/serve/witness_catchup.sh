#!/bin/sh
# aa forgets bb's cosignatures: bb says where aa must start (409), aa
# catches up, and the witness never sees an inconsistency.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
query_cosigned
sqlite3 "$T/aa/hotline.db" "DELETE FROM cosignatures"
printf '{"summary":"fourth"}' >"$T/q4.json"
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q4.json" >/dev/null
wait_for "delivery of the fourth" delivered aa 2
wait_for "aa's head cosigned again" cosigned aa bb
check "bb told aa where to start" grep -q "cosign peer=cert.aa must start from size" "$T/bb.log"
check "the witness never saw an inconsistency" [ "$(sql "$T/bb" 'SELECT count(*) FROM equivocations')" = 0 ]
finish
