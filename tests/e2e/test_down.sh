#!/bin/sh
# A peer that is down is one warning per channel (delivery, cosigning)
# when it stops answering, every retry after that only under -v, and one
# line when it is back, naming how many attempts it took; down again,
# it is reported again. Log lines carry their UTC time unless stderr is
# the journal's stream (JOURNAL_STREAM names its device and inode).
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
STAMP='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '

# aa alone, verbose; a JOURNAL_STREAM that is not its stderr is ignored.
JOURNAL_STREAM=1:1 "$HOTLINE" serve -v --dir "$T/aa" >>"$T/aa.log" 2>&1 &
PID_aa=$!
PIDS="$PIDS $!"
wait_for "aa serving" served_more aa 0
ssh_request "$T/req.json"
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json" >/dev/null || bad "send"

count() { grep -Ec "$1" "$T/aa.log"; }
at_least() { [ "$(count "$1")" -ge "$2" ]; }
DW='warning: not delivered peer=cert.bb seq='
DD='debug: not delivered peer=cert.bb seq=[0-9]+ attempt='
CW='warning: not cosigned peer=cert.bb '
CD='debug: not cosigned peer=cert.bb size=[0-9]+ attempt='
wait_for "four delivery retries after the first" at_least "$DD" 4
wait_for "two cosigning retries after the first" at_least "$CD" 2
check "one delivery warning" [ "$(count "$DW")" = 1 ]
check "it says why" grep -q "${DW}1: .*onnect" "$T/aa.log"
check "one cosigning warning" [ "$(count "$CW")" = 1 ]
check "the back-off said once at info" [ "$(count 'hotline serve: peer=cert.bb retry_ms=')" = 1 ]
check "each retry numbered, from 2" [ "$(grep -Eo "$DD[0-9]+" "$T/aa.log" | head -1 | sed 's/.*=//')" = 2 ]
check "nothing back yet" [ "$(count 'reachable again|cosigning again')" = 0 ]

# bb comes up with stderr as its journal stream: no time of ours.
: >"$T/bb.log"
JOURNAL_STREAM=$(stat -c %d:%i "$T/bb.log") "$HOTLINE" serve --dir "$T/bb" >>"$T/bb.log" 2>&1 &
PID_bb=$!
PIDS="$PIDS $!"
wait_for "bb serving" served_more bb 0
wait_for "the request delivered" delivered aa 1
wait_for "aa says bb is back" at_least 'reachable again after' 1
wait_for "and cosigns again" at_least 'cosigning again after' 1
check "said once" [ "$(count 'reachable again after')" = 1 ]
fails=$(( $(count "$DW") + $(count "$DD") ))
check "with the attempts it took" grep -q "peer=cert.bb reachable again after $fails attempts" "$T/aa.log"
cfails=$(( $(count "$CW") + $(count "$CD") ))
check "cosigning likewise" grep -q "peer=cert.bb answers cosigning again after $cfails attempts" "$T/aa.log"
check "every aa line stamped" [ "$(grep -Evc "^${STAMP}hotline serve: " "$T/aa.log")" = 0 ]
check "bb's lines bare for the journal" [ "$(grep -vc '^hotline serve: ' "$T/bb.log")" = 0 ]
check "bb logged" [ "$(grep -c '^hotline serve: serving party=cert.bb' "$T/bb.log")" = 1 ]

# Down again: a change of state, so one warning more, then quiet again.
stop bb
before=$(count "$DD")
"$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json" >/dev/null || bad "send 2"
wait_for "the second warning" at_least "$DW" 2
wait_for "three retries after it" at_least "$DD" $((before + 3))
check "two delivery warnings in all" [ "$(count "$DW")" = 2 ]
stop aa
finish
