#!/bin/sh
# accept stores the envelope once, exact bytes, logs it, signs a receipt
# naming its leaf; inbox and show list it.
. "$(dirname "$0")/exchange.sh"

pair
request
expect "accept" 0 "accepted $id from cert.aa seq 1" '' -- accept --dir "$B" \
    "$T/msg.json"
expect "accept again" 0 "already stored $id from cert.aa seq 1" '' -- \
    accept --dir "$B" - <"$T/msg.json"
check "received is leaf 0 of bb's log" [ "$(sql "$B" "SELECT count(*), \
    json_extract(data, '$.event'), json_extract(data, '$.msg.id') FROM log_leaves")" = \
    "1|received|$id" ]
check "a receipt naming leaf 0, signed by bb" [ "$(sql "$B" "SELECT \
    json_extract(receipt, '$.kind'), json_extract(receipt, '$.msg'), \
    json_extract(receipt, '$.by'), json_extract(receipt, '$.leaf') FROM messages")" = \
    "receipt|$id|cert.bb|0" ]
check "stored once, exact bytes" [ "$(sql "$B" "SELECT count(*), dir, peer, \
    state, length(raw) FROM messages")" = "1|in|cert.aa|received|$size" ]
run inbox --dir "$B"
check "inbox table" [ "$(printf '%s\n' "$out" | sed -n 2p | cut -c1-105)" = \
    "$(printf '%.12s  %-16s %-10s %-16s %-20s %-12s %-12s' "$id" cert.aa request \
    received "$(sql "$B" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', deadline, 'unixepoch') \
    FROM messages")" amber -)" ]
run show --dir "$B" "$id"
check "show names the sender" [ "$(printf '%s\n' "$out" | grep '^from ')" = \
    "from      cert.aa" ]
check "show prints integers" [ "$(printf '%s\n' "$out" | grep -c '"count": 1200,')" = 1 ]
finish
