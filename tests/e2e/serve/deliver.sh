#!/bin/sh
# A request goes out, the receipt comes back and is kept, and both
# daemons log it.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
request_delivered
check "bb stored it" [ "$(sql "$T/bb" "SELECT id, seq, state FROM messages")" = "$id|1|received" ]
check "aa keeps bb's receipt, naming bb's leaf 0" [ "$(sql "$T/aa" "SELECT state, \
    json_extract(receipt, '$.by'), json_extract(receipt, '$.leaf') FROM messages")" = "delivered|cert.bb|0" ]
check "the receipt aa keeps is the one bb issued" [ "$(sql "$T/aa" 'SELECT hex(receipt) FROM messages')" = \
    "$(sql "$T/bb" 'SELECT hex(receipt) FROM messages')" ]
check "aa logged the delivery with the receipt" [ "$(sql "$T/aa" "SELECT json_extract(data, '$.event'), \
    json_extract(data, '$.receipt.by') FROM log_leaves WHERE idx = 1")" = "delivered|cert.bb" ]
check "the daemon made its wake FIFO" [ -p "$T/aa/wake" ]
check "bb's log says delivered" grep -q "received msg=$(printf '%.12s' "$id") peer=cert.aa seq=1 leaf=0" "$T/bb.log"
check "aa's log says delivered" grep -q "delivered msg=$(printf '%.12s' "$id") peer=cert.bb seq=1" "$T/aa.log"
finish
