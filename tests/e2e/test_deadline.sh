#!/bin/sh
# Silence is recorded: a request to cert.bb goes unanswered past its
# deadline; aa's daemon marks it overdue in its log and escalates to BB's
# risk-reduction centre (the next tier up), naming the request. A late
# answer still counts.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
node nb BB nrrc.bb nrrc
pin aa bb
pin aa nb
# BB's policy office is pinned too: the escalation goes to the nearest
# tier up, nrrc, not to it.
"$HOTLINE" init --party gov.bb --state BB --tier policy --listen 127.0.0.1:9 \
    --dir "$T/gb" >/dev/null || bad "init gov.bb"
"$HOTLINE" id --dir "$T/gb" >"$T/gb.card"
"$HOTLINE" peer add --dir "$T/aa" "$T/gb.card" >/dev/null || bad "pin gov.bb"
# The final answer to a CERT is due 4 s after a request is created, by
# both sides' policy.
printf 'final_response.cert = 4s\n' >>"$T/aa/hotline.conf"
printf 'final_response.cert = 4s\n' >>"$T/bb/hotline.conf"
start aa
start bb
start nb

cat >"$T/req.json" <<'JSON'
{"category":"ddos","severity":"critical","summary":"DDoS on our grid operator",
 "observed":{"start":"2026-11-26T00:00:00Z","end":"2026-11-27T00:00:00Z"},
 "indicators":[{"type":"cidr","value":"198.51.100.0/24"}],
 "expectations":["block-network","status-triage"]}
JSON
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --subject "DDoS" \
    --deadline 2s --body "$T/req.json")
wait_for "delivery" delivered aa 1

wait_for "escalated" state_is aa "$id" escalated
check "aa logged the silence" [ "$(sql "$T/aa" "SELECT json_extract(data, '$.event') \
    FROM log_leaves WHERE json_extract(data, '$.msg.id') = '$id' ORDER BY idx" | tr '\n' ' ')" = \
    "queued delivered overdue " ]
wait_for "the escalation at nrrc.bb" sh -c "[ \"\$(sqlite3 '$T/nb/hotline.db' \
    \"SELECT count(*) FROM messages WHERE type = 'escalation'\")\" = 1 ]"
check "the escalation names the request" [ "$(sql "$T/nb" "SELECT json_extract(raw, '$.from'), \
    json_extract(raw, '$.refs[0]'), json_extract(raw, '$.body.reason') FROM messages")" = \
    "cert.aa|$id|overdue" ]
check "and says who is silent" [ "$(sql "$T/nb" "SELECT json_extract(raw, '$.body.summary') \
    FROM messages" | cut -c1-66)" = "cert.bb has not answered request $(printf '%.33s' "$id")" ]
check "its subject says who is silent" [ "$(sql "$T/nb" "SELECT subject FROM messages")" = \
    "unanswered by cert.bb" ]
check "nothing went to the policy tier" [ "$(sql "$T/aa" "SELECT count(*) FROM messages \
    WHERE peer = 'gov.bb'")" = 0 ]
check "aa's daemon said so" grep -q "overdue requests=1 escalated=1" "$T/aa.log"

jfield() { printf '%s' "$out" | python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
run status --json --dir "$T/aa"
check "aa's status counts the overdue request" [ "$(jfield '["requests"]')" = \
    "{'overdue': 1, 'owed': 0, 'owed_late': 0}" ]
run status --json --dir "$T/bb"
check "bb's status says it owes a late answer" [ "$(jfield '["requests"]')" = \
    "{'overdue': 0, 'owed': 1, 'owed_late': 1}" ]
run status --dir "$T/bb"
check "in text too" sh -c "printf '%s' \"\$1\" | grep -qx 'requests    1 owed by us (1 late), 0 overdue from peers'" _ "$out"

# A late answer still moves the request on.
printf '{"summary":"sorry, we were down"}' >"$T/late.json"
"$HOTLINE" reply --dir "$T/bb" "$id" --final --body "$T/late.json" >/dev/null
wait_for "the late answer" state_is aa "$id" answered-final
# An interim answer meets the first deadline, not the final one.
id2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --subject "DDoS again" \
    --deadline 1h --body "$T/req.json")
wait_for "delivery of the second" state_is aa "$id2" delivered
printf '{"summary":"looking"}' >"$T/interim.json"
"$HOTLINE" reply --dir "$T/bb" "$id2" --body "$T/interim.json" >/dev/null
wait_for "the interim answer" state_is aa "$id2" answered-interim
wait_for "escalated for want of a final answer" state_is aa "$id2" escalated
# Escalated at aa first, delivered to nrrc.bb after.
wait_for "the second escalation at nrrc.bb" sh -c "[ \"\$(sqlite3 '$T/nb/hotline.db' \
    \"SELECT count(*) FROM messages WHERE type = 'escalation'\")\" = 2 ]"
check "the second escalation says so" [ "$(sql "$T/nb" "SELECT json_extract(raw, '$.refs[0]'), \
    json_extract(raw, '$.body.summary') FROM messages WHERE seq = 2" | cut -c1-105)" = \
    "$id2|cert.bb has not finally answered request" ]
run status --json --dir "$T/bb"
check "bb's status counts the missing final answer as late" [ "$(jfield '["requests"]')" = \
    "{'overdue': 0, 'owed': 1, 'owed_late': 1}" ]

# A TLP:RED request is for cert.bb alone: its escalation to nrrc.bb names
# it, and quotes nothing of it.
id3=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --subject "grid SCADA name" \
    --tlp red --deadline 2s --body "$T/req.json")
wait_for "the red request escalated" state_is aa "$id3" escalated
wait_for "its escalation at nrrc.bb" sh -c "[ \"\$(sqlite3 '$T/nb/hotline.db' \
    \"SELECT count(*) FROM messages WHERE type = 'escalation'\")\" = 3 ]"
check "the red escalation withholds the subject" [ "$(sql "$T/nb" "SELECT tlp, \
    json_extract(raw, '$.body.summary') FROM messages WHERE seq = 3" | cut -c1-145)" = \
    "red|cert.bb has not answered request $id3 (subject withheld: TLP:RED) sent to it, due" ]
check "nowhere at nrrc.bb" [ "$(sql "$T/nb" "SELECT count(*) FROM messages WHERE raw LIKE '%SCADA%'")" = 0 ]

expect "aa's log verifies" 0 '*' '' -- log verify --dir "$T/aa"
stop aa
stop bb
kill "$PID_nb"
finish
