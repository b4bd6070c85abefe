#!/bin/sh
# Usage errors, each refused with exit 2 before anything is read.
. "$(dirname "$0")/match.sh"

u=$("$HOTLINE" match --help)
check "--help prints the usage and exits 0" [ "$?:$(printf '%s\n' "$u" | head -1)" = \
    "0:usage: hotline match (--request ID | --indicators FILE) [--skip-invalid]" ]
expect "no LOG" 2 '' '*' -- match --indicators "$T/list.txt"
check "no LOG: the usage on stderr" [ "$(printf '%s\n' "$err" | head -1)" = \
    "usage: hotline match (--request ID | --indicators FILE) [--skip-invalid]" ]
expect "neither --request nor --indicators" 2 '' '*' -- match "$T/auth.log"
expect "both --request and --indicators" 2 '' '*' -- match --request ab --indicators "$T/list.txt" "$T/auth.log"
expect "a bad --since" 2 '' "hotline match: --since: not all, a duration, a date or an RFC 3339 time: 'yesterday'" \
    -- match --indicators "$T/list.txt" --since yesterday "$T/auth.log"
expect "a bad --until" 2 '' "hotline match: --until: not all, a duration, a date or an RFC 3339 time: '2026-13-01'" \
    -- match --indicators "$T/list.txt" --until 2026-13-01 "$T/auth.log"
expect "a bad --margin" 2 '' "hotline match: --margin: not a duration (90m, 2h, 1d) or 0: '-1d'" \
    -- match --indicators "$T/list.txt" --margin -1d "$T/auth.log"
expect "a bad --threads" 2 '' "hotline match: --threads: 1 or 2, not '3'" \
    -- match --indicators "$T/list.txt" --threads 3 "$T/auth.log"
expect "an empty window" 2 '' "hotline match: the window is empty: --until is not after --since" \
    -- match --indicators "$T/list.txt" --since 2026-11-27 --until 2026-11-26 "$T/auth.log"
expect "standard input twice" 2 '' "hotline match: --indicators - and a LOG - would both read standard input" \
    -- match --indicators - - </dev/null
expect "a LOG - twice" 2 '' "hotline match: -: standard input can be read once" \
    -- match --indicators "$T/list.txt" - - </dev/null
expect "an unknown option" 2 '' '*' -- match --indicators "$T/list.txt" --format eve "$T/auth.log"
check "an unknown option named" [ "$(printf '%s\n' "$err" | head -1)" = "hotline match: unrecognized option '--format'" ]
expect "a missing indicator file" 1 '' "hotline match: $T/none.txt: No such file or directory" \
    -- match --indicators "$T/none.txt" "$T/auth.log"
expect "an indicator file that is a directory" 1 '' "hotline match: $T: is a directory" \
    -- match --indicators "$T" "$T/auth.log"
run --help
check "hotline --help lists match" [ "$(printf '%s\n' "$out" | grep '^  match ')" = \
    "  match         a request's indicators found in local logs, as findings" ]
finish
