#!/bin/sh
# ping --wait: with a daemon running, the pong is waited for and its
# round trip printed, the one the database keeps; against a peer that
# does not answer, exit 1 once --timeout is up, the ping left queued.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
node cc CC
pin aa bb
pin aa cc
start aa
start bb
# The daemon holds DIR/serve.lock with flock (serve.c): that is how ping
# knows one runs.
check "the daemon holds its lock" sh -c "! flock -n '$T/aa/serve.lock' true"

run ping --dir "$T/aa" --wait --timeout 60s cert.bb
check "ping --wait: exit 0" [ "$rc" = 0 ]
check "nothing on stderr" [ "$err" = "" ]
id=$(printf '%s\n' "$out" | head -1)
rtt=$(sql "$T/aa" "SELECT rtt_ms FROM messages WHERE id = '$id' AND state = 'answered'")
check "the ping answered, its round trip kept" [ -n "$rtt" ]
check "the id, then the round trip kept" [ "$out" = "$id
pong from cert.bb in $rtt ms" ]

# cc is pinned but never started: no pong.
run ping --dir "$T/aa" --wait --timeout 2s cert.cc
check "no pong: exit 1" [ "$rc" = 1 ]
check "no pong: said" [ "$err" = "hotline ping: no pong from cert.cc within 2s; the ping stays queued and hotline status shows its round trip when the pong comes" ]
check "the ping stays queued" [ "$(sql "$T/aa" "SELECT state FROM messages WHERE type = 'ping' AND peer = 'cert.cc'")" = queued ]
stop aa
stop bb
finish
