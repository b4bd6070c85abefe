#!/bin/sh
# Bundles written while an answer waits in bb's outbox: both verify,
# cross-checked, and each side counts what it knows.
. "$(dirname "$0")/story.sh"

story
run verify --json "$T/aa1.bundle" "$T/bb1.bundle"
check "both bundles verify, cross-checked" [ "$rc" = 0 ]
check "aa: 2 asked, both delivered, 1 answered in time, 1 unanswered and overdue" [ "$(row 0 out)" = "2 2 1 0 1 1 1" ]
check "bb: answered 1 in time and 1 late, but only 1 answer delivered" [ "$(row 1 in)" = "2 2 1 1 0 0 1" ]
check "bb's head is past what aa cosigned: said so" [ "$(printf '%s' "$out" | python3 -c \
    "import json,sys; b=json.load(sys.stdin)['bundles'][1]; print(b['cosigned'][0]['size'] < b['size'])")" = True ]
finish
