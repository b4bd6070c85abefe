#!/bin/sh
# Two pings in one write (keep-alive, pipelined), then the envelope with
# Expect: 100-continue: all served on one connection.
. "$(dirname "$0")/framing.sh"

REQ="GET /v1/ping HTTP/1.1\r\n${H}\r\nGET /v1/ping HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "two pipelined pings" "200 - 2 application/json"
HEAD="${M}${H}Content-Type: application/json; charset=utf-8\r\nContent-Length: $LEN\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
REQ="$HEAD$(cat "$T/msg")"
# shellcheck disable=SC2059
raw "the next valid envelope, after a 100 Continue" "100 - 2 -" "$(printf "$HEAD" | wc -c)" resume
check "its receipt" sh -c "grep -q '^HTTP/1.1 200 OK' '$T/out' && grep -q '\"by\":\"cert.bb\"' '$T/out'"
check "bb stored it" [ "$(sql "$T/bb" "SELECT id, state FROM messages")" = "$id|received" ]
stop bb
check "and stopped cleanly" grep -q "stopping party=cert.bb" "$T/bb.log"
finish
