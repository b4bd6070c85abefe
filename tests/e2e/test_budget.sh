#!/bin/sh
# A pinned peer's own connection budget: 4 connections. A fifth replaces
# the oldest idle one; if none is idle, it is answered 503 busy and
# closed, and the four are still served.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
start bb

budget() {
	python3 "$(dirname "$0")/budget.py" "$PORT_bb" "$T/aa/tls.crt" "$T/aa/tls.key" "$1"
}
out=$(budget idle)
check "a fifth connection, four idle: served" [ "$(printf '%s\n' "$out" | sed -n 1p)" = "fifth 200" ]
check "and the oldest idle one was closed, the others kept" \
    [ "$(printf '%s\n' "$out" | sed -n 2p)" = "closed of the four [True, False, False, False]" ]
check "the fifth stays usable" [ "$(printf '%s\n' "$out" | sed -n 3p)" = "fifth again 200" ]
out=$(budget busy)
check "a fifth connection, four mid-request: 503 busy" \
    [ "$(printf '%s\n' "$out" | sed -n 1p)" = "fifth 503 urn:hotline:problem:busy" ]
check "and closed" [ "$(printf '%s\n' "$out" | sed -n 2p)" = "fifth closed after True" ]
check "the four finish their requests" [ "$(printf '%s\n' "$out" | sed -n 3p)" = "the four still served True" ]
check "bb logged it" grep -q "busy peer=cert.aa: 4 connections" "$T/bb.log"
stop bb
finish
