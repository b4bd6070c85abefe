#!/bin/sh
# show, reply and withdraw find messages the same way: an unknown id,
# what is not an id.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa
A=$T/aa
expect "show unknown" 1 '' "hotline show: abcd: no such message" -- show --dir "$A" abcd
expect "show not an id" 1 '' \
    "hotline show: 'xyz': not an id (at least 4 lower-case hex digits)" \
    -- show --dir "$A" xyz
# reply and withdraw find messages the same way
expect "reply unknown" 1 '' "hotline reply: abcd: no such message" \
    -- reply --dir "$A" --body "$T/nope.json" abcd
expect "withdraw not an id" 1 '' \
    "hotline withdraw: 'xyz': not an id (at least 4 lower-case hex digits)" \
    -- withdraw --dir "$A" xyz
expect "show --json --raw" 2 '' '*' -- show --dir "$A" --json --raw abcd
finish
