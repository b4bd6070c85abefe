#!/bin/sh
# Two daemons: aa renews its card while both run. Its key-rotation notice
# is delivered like any message, bb pins the new serial (a peer-card
# leaf), traffic goes on both ways, each log is cosigned by the other
# after its card leaves, and both bundles verify, side by side too.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

fixture_pair
start aa
start bb
printf '{"summary":"before"}' >"$T/q.json"
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null
wait_for "q1 delivered" delivered aa 1

expect "aa renews while serving" 0 '*' '' -- key rotate --identity "$T/aa/identity.key" --dir "$T/aa"
"$HOTLINE" id --json --dir "$T/aa" >"$T/aa2.card"
pinned() {
	[ "$(sql "$T/bb" "SELECT json_extract(card, '$.serial') FROM peers WHERE party = 'cert.aa'")" = "$1" ]
}
wait_for "bb pins serial 2" pinned 2
wait_for "the notice receipted" delivered aa 2
check "bb pinned the card aa shows" [ "$(sql "$T/bb" "SELECT card FROM peers WHERE party = 'cert.aa'")" = "$(cat "$T/aa2.card")" ]
check "bb keeps serial 1 among the retired" [ "$(sql "$T/bb" "SELECT json_extract(card, '$.serial') FROM retired_peers")" = 1 ]
check "bb's peer-card leaf" [ "$(sql "$T/bb" "SELECT count(*) FROM log_leaves WHERE json_extract(data, '$.event') = 'peer-card' AND json_extract(data, '$.card.serial') = 2")" = 1 ]
check "aa's card leaf" [ "$(sql "$T/aa" "SELECT count(*) FROM log_leaves WHERE json_extract(data, '$.event') = 'card'")" = 1 ]
check "bb's peer-card event" [ "$(sql "$T/bb" "SELECT count(*) FROM events WHERE kind = 'peer-card'")" = 1 ]

# Traffic goes on, both ways.
printf '{"summary":"after"}' >"$T/q2.json"
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q2.json" >/dev/null
wait_for "q2 delivered" delivered aa 3
"$HOTLINE" send --dir "$T/bb" --to cert.aa --type query --body "$T/q2.json" >/dev/null
wait_for "bb's query delivered" delivered bb 1
wait_for "aa's head cosigned by bb" cosigned aa bb
wait_for "bb's head cosigned by aa" cosigned bb aa
stop aa
stop bb
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa.bundle" >/dev/null || bad "aa's bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
expect "aa's bundle, with its card leaf, verifies" 0 '*' '' -- verify "$T/aa.bundle"
expect "bb's, with its peer-card leaf" 0 '*' '' -- verify "$T/bb.bundle"
expect "side by side" 0 '*' '' -- verify "$T/aa.bundle" "$T/bb.bundle"
expect "aa's bundle against the cards (aa's new one)" 0 '*' '' -- verify --card "$T/aa2.card" --card "$T/bb.card" "$T/aa.bundle"
check "the Python checker agrees" sh -c "python3 '$E2E/../../docs/audit/check_bundle.py' '$T/aa.bundle' >/dev/null"
finish
