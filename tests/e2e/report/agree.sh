#!/bin/sh
# Once the late answer arrived both sides agree; verify names the log,
# what it checked, where the keys came from, and prints the report.
. "$(dirname "$0")/story.sh"

story
run verify --json --card "$T/aa.card" --card "$T/bb.card" "$T/aa.bundle" "$T/bb.bundle"
check "both verify against the cards given" [ "$rc" = 0 ]
check "aa: 1 in time, 1 late" [ "$(row 0 out)" = "2 2 1 1 0 0 2" ]
check "bb: the same, from its own log" [ "$(row 1 in)" = "2 2 1 1 0 0 2" ]
check "keys came from --card" [ "$(printf '%s' "$out" | python3 -c \
    "import json,sys; print({k['from'] for k in json.load(sys.stdin)['bundles'][0]['keys']})")" = "{'--card'}" ]
run verify "$T/aa.bundle"
check "the text names the log and what was checked" [ "$(printf '%s\n' "$out" | head -1)" = \
    "verified     cert.aa's log: $(sql "$T/aa" 'SELECT max(size) FROM checkpoints') leaves to its signed head, 2 receipts, every number recomputed" ]
check "it warns that the keys came with the bundle" sh -c "printf '%s\n' \"\$1\" | grep -q '^note         the keys came with the bundle'" _ "$out"
check "and prints the report the node printed" [ "$(printf '%s\n' "$out" | grep -A3 '^report of')" = "$(cat "$T/aa.table")" ]
finish
