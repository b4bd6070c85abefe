#!/bin/sh
# gzip by its magic bytes, and stdin.
. "$(dirname "$0")/origins.sh"

gzip -c "$O/web.log" >"$T/web.log.gz"
run origins --geo "$GEO" "$T/web.log.gz"
check "gzip is read as what it holds" [ "$(printf '%s\n' "$out" | sed -n '2p;6p')" = \
"NL                  2          1   50.0%  2026-11-27T09:05:00Z  2026-11-27T10:00:00Z
lines     6: 4 events, 1 no valid address, 1 not a line of the format" ]
"$HOTLINE" origins --geo "$GEO" - <"$O/list.txt" >"$T/out" 2>"$T/err"
check "stdin as -" [ "$(sed -n 2p "$T/out")" = "NL                  2          1   25.0%  -                     -" ]
check "stdin's faults are named as -" [ "$(cat "$T/err")" = "$(warn - 11 'no valid address' 1)" ]
finish
