#!/bin/sh
# Batches (NDJSON, one envelope per line) refused as a whole: one
# problem, and nothing stored.
. "$(dirname "$0")/serve.sh"

fixture_pair
start bb
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body - <<'JSON'
{"summary":"first"}
JSON
)
"$HOTLINE" show --dir "$T/aa" --raw "$id" >"$T/m1"
before=$(sql "$T/bb" 'SELECT count(*) FROM messages')
python3 -c 'print("{}\n" * 257, end="")' >"$T/many"
batch --data-binary "@$T/many"
check "a batch of 257: 413" [ "$status" = 413 ]
check "a batch of 257: too-large" [ "$(problem)" = "urn:hotline:problem:too-large" ]
check "a batch of 257: says why" [ "$(printf '%s' "$body" | json 'd["detail"]')" = "byte 768: more than 256 lines" ]
{ cat "$T/m1"; printf '\n\n'; cat "$T/m1"; } >"$T/blank"
batch --data-binary "@$T/blank"
check "an empty line: 400" [ "$status" = 400 ]
off=$(($(wc -c <"$T/m1") + 1))
check "an empty line: where" [ "$(printf '%s' "$body" | json 'd["type"], d["detail"], d["offset"]')" = \
    "urn:hotline:problem:schema byte $off: line 2 is empty $off" ]
head -c 4200000 /dev/zero | tr '\0' ' ' >"$T/huge"
batch --data-binary "@$T/huge"
check "a batch over 4 MiB: 413" [ "$status" = 413 ]
check "nothing stored by any refusal" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = "$before" ]
finish
