#!/bin/sh
# A subject, body or reason that is not UTF-8 is refused by name; nothing
# is signed, queued or logged.
. "$(dirname "$0")/io.sh"

expect "subject not UTF-8" 2 '' "hotline send: --subject: not valid UTF-8" \
    -- send --dir "$A" --to cert.bb --type query --subject "$(printf 'bad \377')" --body "$T/q.json"
check "nothing queued" [ "$(count "$A")" = 0 ]
check "nothing logged" [ "$(sql "$A" 'SELECT count(*) FROM log_leaves')" = 0 ]
printf '{"summary":"caf\303"}' >"$T/q8.json"
run send --dir "$A" --to cert.bb --type query --body "$T/q8.json"
check "a body not UTF-8 is refused" [ "$rc" = 1 ]
check "naming the byte" [ "$err" = "hotline send: $T/q8.json: byte 14: invalid UTF-8 (unable to decode byte 0xc3 near '\"caf')" ]
one
expect "reason not UTF-8" 2 '' "hotline withdraw: --reason: not valid UTF-8" \
    -- withdraw --dir "$A" --reason "$(printf '\377')" "$id"
check "still one message" [ "$(count "$A")" = 1 ]
check "and not withdrawn" [ "$(sql "$A" "SELECT state FROM messages WHERE id = '$id'")" = queued ]
finish
