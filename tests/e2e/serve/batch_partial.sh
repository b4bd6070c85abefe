#!/bin/sh
# A batch whose later message is refused: what came before it is stored
# and receipted, the answer ends with the refusal's problem, all with
# 200; a gap first stores nothing.
. "$(dirname "$0")/serve.sh"

one_then_two
{ cat "$T/m3"; printf '\n'; cat "$T/m2bad"; printf '\n'; } >"$T/gapfirst"
batch --data-binary "@$T/gapfirst"
check "a gap first: 200" [ "$status" = 200 ]
check "a gap first: one line, the problem" [ "$(printf '%s\n' "$body" | python3 -c \
    'import json,sys; print([json.loads(l)["type"] for l in sys.stdin])')" = \
    "['urn:hotline:problem:seq-gap']" ]
check "a gap first: nothing stored" [ "$(seqs bb)" = 1 ]
{ "$HOTLINE" show --dir "$T/aa" --raw "$id2"; printf '\n'; cat "$T/m2bad"; printf '\n'; cat "$T/m3"; } >"$T/mixed"
batch --data-binary "@$T/mixed"
check "a mixed batch: 200" [ "$status" = 200 ]
check "a mixed batch: a receipt for 2, then the refusal" [ "$(printf '%s\n' "$body" | python3 -c \
    'import json,sys; print([json.loads(l).get("seq", json.loads(l).get("type")) for l in sys.stdin])')" = \
    "[2, 'urn:hotline:problem:bad-id']" ]
check "bb stored 2 and not 3" [ "$(seqs bb)" = "1,2" ]
check "the receipt is the one bb keeps" [ "$(printf '%s\n' "$body" | head -1)" = \
    "$(sql "$T/bb" "SELECT receipt FROM messages WHERE id = '$id2'")" ]
finish
