#!/bin/sh
# Cards exchanged and pinned: once, again (already pinned), from stdin,
# re-indented (the same card); peer list shows the pin.
. "$(dirname "$0")/exchange.sh"

A=$T/aa
B=$T/bb
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$A" \
    --listen 127.0.0.1:7101 >/dev/null || bad "init aa"
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B" \
    --listen 127.0.0.1:7102 >/dev/null || bad "init bb"
"$HOTLINE" id --dir "$A" >"$T/aa.card"
"$HOTLINE" id --dir "$B" >"$T/bb.card"
keyid_a=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/aa.card")
expect "bb pins aa" 0 "pinned cert.aa (AA, cert) key $keyid_a" '' -- \
    peer add --dir "$B" "$T/aa.card"
expect "bb pins aa again" 0 "already pinned cert.aa (AA, cert) key $keyid_a" \
    '' -- peer add --dir "$B" "$T/aa.card"
expect "aa pins bb from stdin" 0 '*' '' -- peer add --dir "$A" - \
    <"$T/bb.card"
check "aa pins bb" [ "$(sql "$A" 'SELECT party FROM peers')" = cert.bb ]
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=4))' \
    "$T/aa.card" >"$T/aa.pretty"
expect "re-indented card" 0 "already pinned cert.aa (AA, cert) key $keyid_a" \
    '' -- peer add --dir "$B" "$T/aa.pretty"
run peer list --dir "$B" --json
check "peer list --json" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; p=json.load(sys.stdin); print(len(p), p[0]["party"], p[0]["state"], p[0]["tier"], p[0]["endpoint"])')" \
    = "1 cert.aa AA cert https://127.0.0.1:7101" ]
finish
