#!/bin/sh
# A peer's text in the daemon's log is escaped (esc.h): an envelope whose
# member name forges a "received" line and clears the screen, sent by a
# pinned peer over the wire, gives one "refused" line holding the name
# escaped, no forged line and no ESC byte; nothing is stored. Then the
# other way: a receiver whose problem detail forges a "delivered" line in
# the sender's log.
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
# Not under journald, each line begins with its UTC time (log.c).
STAMP='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '
grep 'peer=cert.aa problem=' "$T/bb.log" | sed -E "s/^$STAMP//" >"$T/refused.log"
check "one line for the refusal" [ "$(wc -l <"$T/refused.log")" = 1 ]
check "the refusal, the name escaped" [ "$(cat "$T/refused.log")" = \
    'hotline serve: refused peer=cert.aa problem=schema msg= seq=0: body.x\nhotline serve: received msg=ffffffffffff peer=cert.aa seq=9 leaf=9\x1b[2J: unknown member' ]
check "no forged received line" [ "$(grep -Ec "^($STAMP)?hotline serve: received" "$T/bb.log")" = 0 ]
check "no ESC byte in the log" [ "$(od -An -v -tx1 "$T/bb.log" | grep -c ' 1b')" = 0 ]
check "every line is the daemon's, stamped" [ "$(grep -Evc "^${STAMP}hotline serve: " "$T/bb.log")" = 0 ]

# bb's address and key, but not bb: it refuses everything with a detail
# that would forge aa's log. aa still has its request to deliver.
cat >"$T/fake.py" <<'PY'
import http.server, json, ssl, sys
detail = ("x\nhotline serve: delivered msg=ffffffffffff peer=cert.bb seq=1"
          "\u001b[2J\u009b2J")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        b = json.dumps({"type": "urn:hotline:problem:schema",
                        "title": "schema", "status": 400,
                        "detail": detail}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    do_GET = do_POST
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
c.load_cert_chain(sys.argv[2], sys.argv[3])
s.socket = c.wrap_socket(s.socket, server_side=True)
print("ready", flush=True)
s.serve_forever()
PY
python3 "$T/fake.py" "$PORT_bb" "$T/bb/tls.crt" "$T/bb/tls.key" >"$T/fake.out" 2>&1 &
PIDS="$PIDS $!"
wait_for "the fake bb" grep -q ready "$T/fake.out"
start aa
wait_for "aa's refusal" grep -q 'not delivered' "$T/aa.log"
stop aa
# Each attempt says the same (aa may have tried more than once).
check "aa: the detail escaped" [ "$(grep 'not delivered' "$T/aa.log" | sed -E "s/^$STAMP//" | sort -u)" = \
    'hotline serve: warning: not delivered peer=cert.bb seq=1: HTTP 400 schema: x\nhotline serve: delivered msg=ffffffffffff peer=cert.bb seq=1\x1b[2J\xc2\x9b2J' ]
check "aa: no forged delivered line" [ "$(grep -Ec "^($STAMP)?hotline serve: delivered" "$T/aa.log")" = 0 ]
check "aa: no ESC or C1 byte in the log" [ "$(od -An -v -tx1 "$T/aa.log" | grep -c ' 1b\| 9b')" = 0 ]
check "aa: every line is the daemon's, stamped" [ "$(grep -Evc "^${STAMP}hotline serve: " "$T/aa.log")" = 0 ]
check "aa: still undelivered" [ "$(sql "$T/aa" "SELECT state FROM messages WHERE id = '$id'")" = queued ]

finish
