#!/bin/sh
# check validates an envelope and stores nothing; whitespace is not what
# was signed, but the canonical form is: check says so and checks that.
. "$(dirname "$0")/exchange.sh"

pair
request
expect "check" 0 "valid $id from cert.aa seq 1" '' -- check --dir "$B" \
    "$T/msg.json"
check "check stores nothing" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]
sed 's/"tier":"cert",/"tier": "cert",/' "$T/msg.json" >"$T/ws.json"
off=$(python3 -c 'import sys; print(open(sys.argv[1]).read().index("\"tier\":")+7)' "$T/ws.json")
expect "whitespace" 0 "valid $id from cert.aa seq 1" "hotline check: $T/ws.json: byte $off: not canonical: whitespace (RFC 8785 has none); checking its canonical form ($size bytes)" \
    -- check --dir "$B" "$T/ws.json"
check "still nothing stored" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]
finish
