#!/bin/sh
# A request that never ends: 408 once its deadline passes (30 s).
. "$(dirname "$0")/framing.sh"

REQ="${M}${H}Content-Type: application/json\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "a body that stops half way: 408" "408 $P:timeout 1 application/problem+json" 100
check "the deadline is logged" grep -q "timeout peer=cert.aa: a request not complete in 30000 ms" "$T/bb.log"
check "still nothing stored" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = 0 ]
finish
