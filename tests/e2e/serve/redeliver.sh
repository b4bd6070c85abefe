#!/bin/sh
# aa comes back and delivers a message bb already has from the wire (bb
# answers with the receipt it gave) and the next one.
. "$(dirname "$0")/serve.sh"

one_then_two
{ "$HOTLINE" show --dir "$T/aa" --raw "$id2"; printf '\n'; } >"$T/m2"
batch --data-binary "@$T/m2"
check "2 by hand: 200" [ "$status" = 200 ]
check "bb has 1 and 2" [ "$(seqs bb)" = "1,2" ]
start aa
wait_for "delivery after restart" delivered aa 3
check "aa keeps the receipt bb gave over the wire" [ "$(sql "$T/aa" \
    "SELECT hex(receipt) FROM messages WHERE id = '$id2'")" = \
    "$(sql "$T/bb" "SELECT hex(receipt) FROM messages WHERE id = '$id2'")" ]
check "bb has 1, 2, 3 in order" [ "$(seqs bb)" = "1,2,3" ]
finish
