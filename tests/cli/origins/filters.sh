#!/bin/sh
# Filters and groupings: --event and --since, --count addresses --top,
# --by registered.
. "$(dirname "$0")/origins.sh"

run origins --geo "$GEO" --event alert --since 2026-11-27T09:30:00Z "$O/eve.json"
check "--event and --since" [ "$(printf '%s\n' "$out" | sed -n '2,4p')" = \
"RU                  1          1  100.0%  2026-11-27T10:00:00Z  2026-11-27T10:00:00Z

lines     5: 1 events, 1 no valid address, 1 not a line of the format, 2 filtered out" ]

run origins --geo "$GEO" --count addresses --top 2 "$O/list.txt"
check "--count addresses --top 2" [ "$(printf '%s\n' "$out" | sed -n '2,4p')" = \
"RU                  2          2   28.6%  -                     -
DE                  1          1   14.3%  -                     -" ]

run origins --geo "$GEO" --by registered "$O/list.txt"
check "--by registered: where the database has the address registered" [ "$(printf '%s\n' "$out" | sed -n '1p;4,5p' | cut -c1-40)" = \
"REGISTERED     EVENTS  ADDRESSES   SHARE
CA                  1          1   12.5%
DE                  1          1   12.5%" ]
finish
