#!/bin/sh
# A rotation whose SIGHUP never reached the daemon (killed between its
# commit and node_reload_daemon(), or a lock whose PID was wrong): the
# signer sees msg.key replaced on disk by itself and restarts its
# network process with the new key, so nothing goes on being signed
# with a key the card retired. Here the lock's PID is made wrong while
# aa rotates, so the rotation's own signal goes nowhere.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

fixture_pair
start aa
start bb
child() {
	eval "p=\$PID_$1"
	cat /proc/"$p"/task/*/children | tr -d ' '
}
before=$(child aa)
lock=$(cat "$T/aa/serve.lock")
check "serve.lock names the signer" [ "$lock" = "$PID_aa" ]
# The lock stays held; only the PID it names is wrong for a while.
printf '999999\n' | dd of="$T/aa/serve.lock" conv=notrunc 2>/dev/null
"$HOTLINE" key rotate --message --grace 1h --identity "$T/aa/identity.key" \
    --dir "$T/aa" >"$T/rot.out" 2>"$T/rot.err"
check "the rotation committed" [ "$(sql "$T/aa" "SELECT max(serial) FROM own_cards")" = 2 ]
printf '%s\n' "$lock" | dd of="$T/aa/serve.lock" conv=notrunc 2>/dev/null
check "no SIGHUP reached it" [ "$(grep -c 'signer: SIGHUP' "$T/aa.log")" = 0 ]
said() {
	grep -q "signer: $T/aa/msg.key holds a new key: restarting the network process" "$T/aa.log"
}
wait_for "the signer saw the new key" said
restarted() {
	[ "$(grep -c "serving party=cert.aa" "$T/aa.log")" = 2 ]
}
wait_for "aa's network process restarted" restarted
after=$(child aa)
check "a new network process" [ -n "$after" -a "$after" != "$before" ]
# Signed now by the new key: bb, once it has the notice, takes it.
printf '{"summary":"after the rotation"}' >"$T/q.json"
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null ||
    bad "send"
wait_for "both delivered" delivered aa 2
stop aa
stop bb
check "aa's log verifies" "$HOTLINE" log verify --dir "$T/aa"
check "bb took no message refused" [ "$(grep -c 'key-revoked\|bad-signature' "$T/bb.log")" = 0 ]
finish
