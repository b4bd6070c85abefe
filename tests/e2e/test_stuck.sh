#!/bin/sh
# A peer that completes TLS and never answers holds only its own worker.
# cert.cc's endpoint is a server that takes aa's connection, finishes the
# handshake with cc's key and then says nothing. While it holds aa's first
# request: everything aa sends to bb is delivered and receipted, bb
# cosigns aa's log, and a request to bb that goes unanswered is marked
# overdue and escalated. Then SIGTERM stops aa at once, without waiting
# for curl's total deadline on the hanging transfer.
. "$(dirname "$0")/lib.sh"

# The total deadline of a request, in seconds, as the daemon has it.
total=$(sed -n 's/^#define HL_DELIVERY_TOTAL_MS[[:space:]]*(\([0-9]*\) \* 1000)$/\1/p' \
    "$(dirname "$0")/../../src/core/limits.h")
check "limits.h has a total deadline" [ -n "$total" ]
total=${total:-20}

node aa AA
node bb BB
node cc CC
node nb BB nrrc.bb nrrc
pin aa bb
pin aa nb
# Only aa pins cc: cc's daemon never runs, the stuck server has its port.
"$HOTLINE" peer add --dir "$T/aa" "$T/cc.card" >/dev/null || bad "pin cc at aa"

# Logs each connection: accept N, tls N, request N <first line>, close N;
# and "deadline N" if N is still open a second before curl's total
# deadline would end it (the transfer starts a moment before the accept).
cat >"$T/stuck.py" <<'PY'
import socket, ssl, sys, threading
port, crt, key, path, deadline = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(crt, key)
lock = threading.Lock()
def log(line):
    with lock, open(path, "a") as f:
        f.write(line + "\n")
def hold(c, i):
    closed = threading.Event()
    def marker():
        if not closed.wait(deadline):
            log("deadline %d" % i)
    threading.Thread(target=marker, daemon=True).start()
    try:
        t = ctx.wrap_socket(c, server_side=True)
        log("tls %d" % i)
        first = True
        while True:
            b = t.recv(65536)
            if not b:
                break
            if first:
                log("request %d %s" % (i, b.split(b"\r\n", 1)[0].decode("latin-1")))
                first = False
    except (OSError, ssl.SSLError) as e:
        log("error %d %s" % (i, type(e).__name__))
    closed.set()
    log("close %d" % i)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(16)
log("listening")
n = 0
while True:
    c, _ = s.accept()
    n += 1
    log("accept %d" % n)
    threading.Thread(target=hold, args=(c, n), daemon=True).start()
PY
python3 "$T/stuck.py" "$PORT_cc" "$T/cc/tls.crt" "$T/cc/tls.key" "$T/stuck.log" \
    "$((total - 1))" 2>>"$T/stuck.err" &
PIDS="$PIDS $!"
wait_for "the stuck server" grep -qx listening "$T/stuck.log"

# Queued before aa starts: cc's worker's first request is this delivery.
ssh_request "$T/req.json"
"$HOTLINE" send --dir "$T/aa" --to cert.cc --type request --subject "to cc" \
    --body "$T/req.json" >/dev/null || bad "send to cc"
start aa
start bb
start nb
wait_for "aa's request to cc, hanging" grep -qx "request 1 POST /v1/messages HTTP/1.1" \
    "$T/stuck.log"

# To bb: a request due in 2 s that bb never answers, and five more.
late=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --subject "late" \
    --deadline 2s --body "$T/req.json")
for i in 1 2 3 4 5; do
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --subject "n$i" \
	    --deadline 1h --body "$T/req.json" >/dev/null || bad "send $i to bb"
done
to_bb() {
	[ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE dir = 'out' AND \
	    peer = 'cert.bb' AND receipt IS NOT NULL")" = "$1" ]
}
wait_for "bb's six receipted" to_bb 6
check "bb stored all six, in seq order" [ "$(sql "$T/bb" "SELECT group_concat(seq, ' ') \
    FROM (SELECT seq FROM messages WHERE dir = 'in' ORDER BY rowid)")" = "1 2 3 4 5 6" ]
wait_for "the late request escalated" state_is aa "$late" escalated
wait_for "the escalation at nrrc.bb" sh -c "[ \"\$(sqlite3 '$T/nb/hotline.db' \
    \"SELECT count(*) FROM messages WHERE type = 'escalation'\")\" = 1 ]"
check "aa's daemon said so" grep -q "overdue requests=1 escalated=1" "$T/aa.log"
wait_for "bb cosigned aa's latest checkpoint" cosigned aa bb
check "the message to cc is still undelivered" [ "$(sql "$T/aa" "SELECT state FROM messages \
    WHERE peer = 'cert.cc'")" = queued ]
check "all the while, cc held aa's first connection" [ "$(grep -v '^listening$' \
    "$T/stuck.log" | tr '\n' '|')" = "accept 1|tls 1|request 1 POST /v1/messages HTTP/1.1|" ]

# SIGTERM while the transfer to cc hangs.
echo sigterm >>"$T/stuck.log"
kill -TERM "$PID_aa"
wait "$PID_aa"
rc=$?
check "aa exited cleanly" [ "$rc" = 0 ]
check "and said it was stopping" grep -q "stopping party=cert.aa" "$T/aa.log"
wait_for "the stuck server saw aa's connection close" grep -qx "close 1" "$T/stuck.log"
check "it closed after SIGTERM, before the total deadline" [ "$(grep -E \
    '^(accept|sigterm|close|deadline)' "$T/stuck.log" | tr '\n' '|')" = \
    "accept 1|sigterm|close 1|" ]
check "the transfer was given up, not timed out" grep -q \
    "not delivered peer=cert.cc seq=1: Operation was aborted by an application callback" "$T/aa.log"
check "no request timed out" sh -c "! grep -q 'Timeout was reached' '$T/aa.log'"
check "every worker stopped" [ "$(grep -c 'worker stopped peer=' "$T/aa.log")" = 3 ]

stop bb
finish
