#!/bin/sh
# After traffic both logs verify, and SIGTERM stops a daemon cleanly.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
printf '{"summary":"first"}' >"$T/q.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
wait_for "delivery" delivered aa 1
printf '{"summary":"seen"}' >"$T/a.json"
"$HOTLINE" reply --dir "$T/bb" "$id" --final --body "$T/a.json" >/dev/null
wait_for "the answer" delivered bb 1
expect "aa's log verifies" 0 '*' '' -- log verify --dir "$T/aa"
expect "bb's log verifies" 0 '*' '' -- log verify --dir "$T/bb"
stop bb
check "SIGTERM stops cleanly" grep -q "stopping party=cert.bb" "$T/bb.log"
stop aa
check "and the other" grep -q "stopping party=cert.aa" "$T/aa.log"
finish
