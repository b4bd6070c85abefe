#!/bin/sh
# notify_webhook POSTs each event's JSON (application/json, its kind in
# X-Hotline-Event) and takes only a 2xx: a 500 is tried again after a
# second, one that always fails is given up after HL_WEBHOOK_TRIES (5)
# with a log line, and a redirect is a failure, never followed.
. "$(dirname "$0")/notify.sh"

node aa AA
node bb BB
pin aa bb
python3 "$(dirname "$0")/hook.py" "$T/hook.port" "$T/posts" &
PIDS="$PIDS $!"
wait_for "the receiver" test -s "$T/hook.port"
notify_conf bb <<CONF
notify_webhook = http://127.0.0.1:$(cat "$T/hook.port")/hook
notify_timeout = 5s
CONF
start bb
start aa
q1=$(a_query first)
q2=$(a_query second)
q3=$(a_query third)
wait_for "all three delivered" delivered aa 3
wait_for "the posts" has_lines "$T/posts" 9
wait_for "the third taken" sh -c "[ \"\$(sqlite3 '$T/bb/hotline.db' \
    \"SELECT done FROM notify_sinks WHERE sink = 'webhook'\")\" = 3 ]"
stop bb
stop aa
# posts EXPR: EXPR over each POST (as p, its body's JSON as e), one a line.
posts() {
	python3 -c "import json,sys
for l in open(sys.argv[1]):
    p = json.loads(l); e = json.loads(p['body'])
    print($1)" "$T/posts"
}
check "each try, in order" [ "$(posts "e['id']" | tr '\n' ' ')" = "1 1 2 2 2 2 2 3 3 " ]
check "to the URL, never where the redirect said" [ "$(posts "p['path']" | sort -u)" = /hook ]
check "as JSON, its kind in a header" [ "$(posts "p['type'], p['event'], p['agent'], e['event']" | sort -u)" = \
    "application/json request-received hotline request-received" ]
check "the messages" [ "$(posts "e['msg']" | uniq | tr '\n' ' ')" = "$q1 $q2 $q3 " ]
check "the body is the event as kept" python3 -c '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/bb/hotline.db")
for l in open(sys.argv[1] + "/posts"):
    b = json.loads(l)["body"]
    assert b == db.execute("SELECT body FROM events WHERE id = ?", (json.loads(b)["id"],)).fetchone()[0]
' "$T"
W='hotline serve: warning: notify_webhook event id='
check "the 500 logged, with what it said" grep -q "${W}1 kind=request-received try=1/5 failed: HTTP status 500 output=\"broken\"" "$T/bb.log"
check "each failure of the second" [ "$(grep -c "${W}2 kind=request-received try=[1-5]/5 failed: HTTP status 500" "$T/bb.log")" = 5 ]
check "given up, and said so" grep -q "${W}2 kind=request-received given up after 5 tries" "$T/bb.log"
check "the redirect a failure" grep -q "${W}3 kind=request-received try=1/5 failed: HTTP status 302" "$T/bb.log"
check "nothing else failed" [ "$(grep -c "$W" "$T/bb.log")" = 8 ]
finish
