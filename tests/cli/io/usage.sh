#!/bin/sh
# An option a command does not use is a usage error (exit 2), never
# ignored, and named; nothing is sent.
. "$(dirname "$0")/io.sh"

leaves
"$HOTLINE" log head --dir "$A" >"$T/head.note"
for args in "log head --size 1" "log head --peer cert.bb" \
    "log verify --proof $T/p0" "log leaf 0 --size 1" \
    "log proof consistency 1 2 --size 2" "log cosign --json --peer cert.bb $T/head.note" \
    "log cosignature add --json $T/head.note" "log proof inclusion 0 --peer cert.bb" \
    "accept --raw $T/msg.json" "check --size 1 $T/msg.json" "canon --json $T/q.json" \
    "note verify --leaf $T/leaf0 --key $VA $T/head.note" \
    "proof verify --size 1 --key $VA --leaf $T/leaf0 $T/p0" \
    "review --raw --peer cert.bb --period 2026 --out $T/r2.json" \
    "send --json --to cert.bb --type query --body $T/q.json" \
    "show --json --raw $id"; do
	# shellcheck disable=SC2086
	run $args --dir "$A"
	check "$args: exit 2 ($err)" [ "$rc" = 2 ]
	check "$args: nothing on stdout" [ -z "$out" ]
done
expect "the unused option is named" 2 '' "hotline log: --size: not an option of log head
usage: hotline log head [--json] [--dir DIR]
       hotline log leaf N [--json] [--dir DIR]
       hotline log proof inclusion N [--size S] [--json] [--dir DIR]
       hotline log proof consistency A B [--json] [--dir DIR]
       hotline log verify [--json] [--dir DIR]
       hotline log cosign --peer PEER [--proof FILE] NOTE|- [--dir DIR]
       hotline log cosignature add NOTE|- [--dir DIR]" -- log head --size 1 --dir "$A"
check "two messages, as sent" [ "$(count "$A")" = 2 ]
check "no review written" [ ! -e "$T/r2.json" ]
finish
