#!/bin/sh
# Indented, or with a final newline: the canonical form is checked and
# stored, so the id and the stored bytes are the signed ones; the wire
# stays strict (DECISIONS.md; the library refuses what check took, unit
# test_envelope).
. "$(dirname "$0")/io.sh"

one
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=4))' \
    "$T/msg.json" >"$T/indented.json"
size=$(wc -c <"$T/msg.json" | tr -d ' ')
expect "check an indented envelope" 0 "valid $id from cert.aa seq 1" \
    "hotline check: $T/indented.json: byte 1: not canonical: whitespace (RFC 8785 has none); checking its canonical form ($size bytes)" \
    -- check --dir "$B" "$T/indented.json"
check "check stored nothing" [ "$(count "$B")" = 0 ]
expect "accept it" 0 "accepted $id from cert.aa seq 1" \
    "hotline accept: $T/indented.json: byte 1: not canonical: whitespace (RFC 8785 has none); checking its canonical form ($size bytes), which is what is stored" \
    -- accept --dir "$B" "$T/indented.json"
check "stored in canonical form, the signed bytes" [ "$(sql "$B" "SELECT id, hex(raw) FROM messages")" = \
    "$id|$(od -An -tx1 -v "$T/msg.json" | tr -d ' \n' | tr a-f A-F)" ]
check "its leaf names the same id" [ "$(sql "$B" "SELECT count(*), \
    json_extract(data, '$.event'), json_extract(data, '$.msg.id') FROM log_leaves")" = "1|received|$id" ]
cat "$T/msg.json" >"$T/nl.json"; echo >>"$T/nl.json"
"$HOTLINE" accept --json --dir "$B" "$T/nl.json" >"$T/acc.json" 2>"$T/acc.err"
json "accept --json" "$T/acc.json"
check "the same message again, with a final newline" [ "$(field "$T/acc.json" 'j["result"], j["id"] == "'$id'", j["canonical"]')" = \
    "('already-stored', True, False)" ]
check "the newline is named" [ "$(cat "$T/acc.err")" = \
    "hotline accept: $T/nl.json: byte $size: not canonical: whitespace after the value; checking its canonical form ($size bytes), which is what is stored" ]
check "still once" [ "$(count "$B")" = 1 ]
finish
