#!/bin/sh
# A peer's text in the daemon's log is escaped (esc.h): an envelope whose
# member name forges a "received" line and clears the screen, sent by a
# pinned peer over the wire, gives one "refused" line holding the name
# escaped, no forged line and no ESC byte; nothing is stored.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
start bb

ssh_request "$T/req.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
"$HOTLINE" show --dir "$T/aa" --raw "$id" >"$T/env.json"
python3 - "$T/env.json" "$T/bad.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
e["body"]["x\nhotline serve: received msg=ffffffffffff peer=cert.aa seq=9 leaf=9\u001b[2J"] = 1
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(e))
PY
# Canonical, so the schema is the check that refuses it.
"$HOTLINE" canon "$T/bad.json" >"$T/bad.jcs"

AUTH="--cert $T/aa/tls.crt --key $T/aa/tls.key"
# shellcheck disable=SC2086
wire bb /v1/messages $AUTH -H 'Content-Type: application/json' \
    --data-binary "@$T/bad.jcs"
check "refused: 400" [ "$status" = 400 ]
check "refused: schema" [ "$(problem)" = "urn:hotline:problem:schema" ]
check "nothing stored" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = 0 ]

# The daemon writes the line before it answers; stopped, its log is
# whole. (bb's attempts to cosign aa, which is not running, log too.)
stop bb
grep 'peer=cert.aa problem=' "$T/bb.log" >"$T/refused.log"
check "one line for the refusal" [ "$(wc -l <"$T/refused.log")" = 1 ]
check "the refusal, the name escaped" [ "$(cat "$T/refused.log")" = \
    'hotline serve: refused peer=cert.aa problem=schema msg= seq=0: body.x\nhotline serve: received msg=ffffffffffff peer=cert.aa seq=9 leaf=9\x1b[2J: unknown member' ]
check "no forged received line" [ "$(grep -c '^hotline serve: received' "$T/bb.log")" = 0 ]
check "no ESC byte in the log" [ "$(od -An -v -tx1 "$T/bb.log" | grep -c ' 1b')" = 0 ]
check "every line is the daemon's" [ "$(grep -vc '^hotline serve: ' "$T/bb.log")" = 0 ]

finish
