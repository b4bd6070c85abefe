#!/bin/sh
# ping: queued, but nothing goes without a daemon, and it says so; with
# one holding the lock and no pong, --wait says what happened.
. "$(dirname "$0")/mistakes.sh"

run ping --dir "$A" cert.bb
check "ping: exit 0 (queued)" [ "$rc" = 0 ]
check "ping: prints its id" [ "${#out}" = 64 ]
check "ping: says no daemon is running" [ "$err" = \
    "hotline ping: queued, but no daemon is running: it goes when hotline serve starts" ]
run ping --dir "$A" --wait cert.bb
check "ping --wait: exit 1 with no daemon" [ "$rc" = 1 ]
check "ping --wait: says so" [ "$err" = \
    "hotline ping: queued, but no daemon is running: it goes when hotline serve starts" ]
expect "--timeout needs --wait" 2 '' "hotline ping: --timeout: only with --wait" \
    -- ping --dir "$A" --timeout 5s cert.bb
expect "--timeout takes a duration" 2 '' "hotline ping: --timeout 'soon': not a duration (10s, 2m)" \
    -- ping --dir "$A" --wait --timeout soon cert.bb
# A daemon holds DIR/serve.lock (flock): one is running, none answers.
# The subshell becomes the sleep, holding the lock: killing it frees it.
(exec 9>"$A/serve.lock"; flock 9; exec sleep 600) &
HOLDER=$!
trap 'kill "$HOLDER" 2>/dev/null; rm -rf "$T"' EXIT
wait_lock() { ! flock -n "$A/serve.lock" true; }
i=0
while ! wait_lock && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run ping --dir "$A" cert.bb
check "ping with a daemon: exit 0, nothing said" [ "$rc:$err" = "0:" ]
run ping --dir "$A" --wait --timeout 1s cert.bb
check "ping --wait: exit 1 when no pong comes" [ "$rc" = 1 ]
check "ping --wait: says what happened" [ "$err" = \
    "hotline ping: no pong from cert.bb within 1s; the ping stays queued and hotline status shows its round trip when the pong comes" ]
check "ping --wait: still prints its id" [ "${#out}" = 64 ]
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
run ping --dir "$A" cert.bb
check "the holder gone, no daemon again" [ "$err" = \
    "hotline ping: queued, but no daemon is running: it goes when hotline serve starts" ]
finish
