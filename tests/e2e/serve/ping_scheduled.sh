#!/bin/sh
# Scheduled pings: one per ping_interval, each answered.
. "$(dirname "$0")/serve.sh"

fixture_pair
printf 'ping_interval = 1s\n' >>"$T/aa/hotline.conf"
start aa
start bb
scheduled() {
	[ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE dir = 'out' \
	    AND type = 'ping' AND state = 'answered'")" -ge 3 ]
}
wait_for "three scheduled pings answered" scheduled
check "the daemon logged them" grep -q "ping msg=.* peer=cert.bb" "$T/aa.log"
check "the daemon's own pings are not the audit trail's" \
    [ "$(sql "$T/aa" "SELECT count(*) FROM audit WHERE action = 'ping'")" = 0 ]
finish
