#!/bin/sh
# Envelopes refused over the wire: a gap, a tampered copy, a copy not in
# canonical form, another party's on aa's connection; nothing stored.
. "$(dirname "$0")/serve.sh"

fixture cc
one_then_two
refuse "a seq gap" 409 seq-gap --data-binary "@$T/m3"
check "the gap names the expected seq" [ "$(printf '%s' "$body" | json 'd["expected_seq"]')" = 2 ]
refuse "tampered" 400 bad-id --data-binary "@$T/m2bad"
"$HOTLINE" show --dir "$T/aa" --raw "$id2" | sed 's/,"seq":2,/, "seq":2,/' >"$T/m2ws"
refuse "not canonical" 400 not-canonical --data-binary "@$T/m2ws"
"$HOTLINE" peer add --dir "$T/cc" "$T/bb.card" >/dev/null
idc=$("$HOTLINE" send --dir "$T/cc" --to cert.bb --type query --body - <<'JSON'
{"summary":"from cc"}
JSON
)
"$HOTLINE" show --dir "$T/cc" --raw "$idc" >"$T/mc"
refuse "another party's envelope on aa's connection" 403 pin-mismatch --data-binary "@$T/mc"
check "bb stored only the first" [ "$(seqs bb)" = 1 ]
finish
