#!/bin/sh
# Peers pinned and unpinned while the daemon serves: a peer pinned with
# `hotline peer add` gets a worker and is delivered to without a restart;
# a peer removed with `hotline peer remove` loses its worker; pinned
# again, delivery goes on from the next seq.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
"$HOTLINE" peer add --dir "$T/bb" "$T/aa.card" >/dev/null || bad "pin aa at bb"
start aa
start bb
workers() {
	grep -c "worker $1 peer=cert.bb" "$T/aa.log"
}
# workers_are started|stopped N: aa's log says so N times.
workers_are() {
	[ "$(workers "$1")" = "$2" ]
}
check "aa pins nobody: no worker" [ "$(workers started)" = 0 ]

"$HOTLINE" peer add --dir "$T/aa" "$T/bb.card" >/dev/null || bad "pin bb at aa"
wait_for "a worker for bb" workers_are started 1
ssh_request "$T/req.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
wait_for "delivery" delivered aa 1
check "bb has it" [ "$(sql "$T/bb" "SELECT id, seq FROM messages")" = "$id|1" ]
check "without a restart" [ "$(served aa)" = 1 ]
wait_for "bb cosigned aa's log" cosigned aa bb

# Unpinned while it serves.
expect "peer remove" 0 "removed cert.bb (BB, cert) key $(sql "$T/aa" "SELECT vkey FROM peers WHERE party = 'cert.bb'")" '' \
    -- peer remove --dir "$T/aa" cert.bb
wait_for "bb's worker stopped" workers_are stopped 1
check "aa said why" grep -q "peer=cert.bb no longer pinned: stopping its worker" "$T/aa.log"
# What bb signed stays checkable: its card is kept, retired.
check "bb's card kept" [ "$(sql "$T/aa" "SELECT count(*) FROM retired_peers WHERE party = 'cert.bb'")" = 1 ]
run log verify --dir "$T/aa"
check "aa's log still verifies, bb's cosignatures included" [ "$rc:$(printf '%s' "$out" | \
    sed 's/.*, \([0-9]*\) cosignature.*/\1/')" = "0:$(sql "$T/aa" "SELECT count(*) FROM cosignatures")" ]
check "bb's among them" [ "$(sql "$T/aa" "SELECT count(*) > 0 FROM cosignatures WHERE cosigner = 'cert.bb'")" = 1 ]
expect "nothing can be sent to it" 1 '' '*' -- send --dir "$T/aa" --to cert.bb \
    --type request --body "$T/req.json"

"$HOTLINE" peer add --dir "$T/aa" "$T/bb.card" >/dev/null || bad "pin bb again"
wait_for "a second worker for bb" workers_are started 2
id2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
wait_for "delivery of the second" delivered aa 2
check "bb has it as seq 2" [ "$(sql "$T/bb" "SELECT seq FROM messages WHERE id = '$id2'")" = 2 ]
check "one worker for bb at a time" [ "$(grep -Eo "worker (started|stopped) peer=cert.bb" \
    "$T/aa.log" | cut -d' ' -f2 | tr '\n' ' ')" = "started stopped started " ]

stop aa
check "stopping stops the worker" [ "$(workers stopped)" = 2 ]
stop bb
finish
