#!/bin/sh
# --out FILE: the same bytes as standard output would get, written whole
# or not at all; nothing on standard output.
. "$(dirname "$0")/match.sh"

run match --indicators "$T/list.txt" "$T/auth.log" "$T/web.log"
printf '%s\n' "$out" >"$T/want.txt"
expect "--out: nothing on stdout" 0 '' '' -- match --indicators "$T/list.txt" --out "$T/got.txt" "$T/auth.log" "$T/web.log"
check "--out: the table, byte for byte" cmp -s "$T/want.txt" "$T/got.txt"
run match --indicators "$T/list.txt" --json "$T/auth.log" "$T/web.log"
printf '%s\n' "$out" >"$T/want.json"
expect "--out --json: nothing on stdout" 0 '' '' -- match --indicators "$T/list.txt" --json --out "$T/got.json" "$T/auth.log" "$T/web.log"
check "--out --json: the JSON, byte for byte" cmp -s "$T/want.json" "$T/got.json"
check "no temporary file left" [ "$(ls "$T" | grep -c '\.tmp$')" = 0 ]
expect "--out where it cannot be written" 1 '' "hotline match: $T/no/such/dir.txt.tmp: cannot write: No such file or directory" \
    -- match --indicators "$T/list.txt" --out "$T/no/such/dir.txt" "$T/auth.log"
# A file that cannot be read is still said with --out, and exit 1.
expect "--out and a missing log" 1 '' "hotline match: $T/none.log: No such file or directory" \
    -- match --indicators "$T/list.txt" --out "$T/part.txt" "$T/none.log" "$T/auth.log"
check "the output is written, saying what was not read" [ "$(grep -c "^input     $T/none.log: not read: No such file or directory$" "$T/part.txt")" = 1 ]
finish
