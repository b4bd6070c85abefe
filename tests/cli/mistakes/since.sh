#!/bin/sh
# --since and --until: a duration ago, a date, a time; the wrong way
# round, or a word, refused.
. "$(dirname "$0")/mistakes.sh"

requests
run report --dir "$A" --peer cert.bb --json --since 1h
check "--since 1h: exit 0" [ "$rc" = 0 ]
check "--since 1h: the 3 requests of the last hour" [ "$(asked)" = 3 ]
run report --dir "$A" --peer cert.bb --json --until 1h
check "--until 1h: none asked before an hour ago" [ "$(asked)" = 0 ]
run report --dir "$A" --peer cert.bb --json --since 2020-01-01 --until 2099-01-01T00:00:00Z
check "--since DATE --until TIME: all 3" [ "$(asked)" = 3 ]
expect "--since 1h --until 2h: the wrong way round" 2 '' \
    "hotline report: --until must be after --since" \
    -- report --dir "$A" --since 1h --until 2h
expect "--since a word" 2 '' \
    "hotline report: --since: not a duration ago (7d), a date or an RFC 3339 time: 'lately'" \
    -- report --dir "$A" --since lately
finish
