#!/bin/sh
# notify_exec gets every kind of event, each once, as JSON on its
# standard input with the fields events.h gives, and HOTLINE_EVENT and
# HOTLINE_NODE in its environment; the daemon's log has a line for each.
# aa asks bb with a short deadline: bb sees it received and its 50 %,
# 90 % and passed thresholds; aa sees it overdue and escalated to BB's
# nrrc, which is down (peer-down) and then up (peer-back, and the nrrc
# sees the escalation); then bb's late answer, and a refusal (an alarm).
. "$(dirname "$0")/notify.sh"

node aa AA
# From before identity keys: its card follows its config, so its tier
# can be changed without a new card (below).
v1_node "$T/aa"
"$HOTLINE" id --json --dir "$T/aa" >"$T/aa.card"
node bb BB
node nb BB nrrc.bb nrrc
pin aa bb
pin aa nb
cat >"$T/notify" <<SH
#!/bin/sh
{ cat; printf '\n'; } >>"$T/events.\$HOTLINE_NODE"
printf '%s %s\n' "\$HOTLINE_EVENT" "\$HOTLINE_NODE" >>"$T/env.\$HOTLINE_NODE"
SH
chmod 755 "$T/notify"
for n in aa bb nb; do
	notify_conf "$n" <<CONF
notify_exec = $T/notify
notify_timeout = 20s
CONF
done
printf 'unreachable_after = 1s\n' >>"$T/aa/hotline.conf"
start bb
start aa

cat >"$T/req.json" <<'JSON'
{"category":"ddos","severity":"critical","summary":"DDoS on our grid operator",
 "observed":{"start":"2026-11-26T00:00:00Z","end":"2026-11-27T00:00:00Z"},
 "indicators":[{"type":"cidr","value":"198.51.100.0/24"}],
 "expectations":["block-network","status-triage"]}
JSON
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --subject "DDoS" \
    --tlp green --deadline 4s --body "$T/req.json")
wait_for "delivery" delivered aa 1
wait_for "bb's four events" has_lines "$T/events.cert.bb" 4
wait_for "escalated" state_is aa "$id" escalated
esc=$(sql "$T/aa" "SELECT id FROM messages WHERE type = 'escalation'")
wait_for "aa: nrrc.bb down" grep -q '"event":"peer-down"' "$T/events.cert.aa"
start nb
wait_for "the escalation at nrrc.bb" has_lines "$T/events.nrrc.bb" 1
wait_for "aa: nrrc.bb back" grep -q '"event":"peer-back"' "$T/events.cert.aa"
printf '{"status":"final","summary":"blocked"}' >"$T/final.json"
"$HOTLINE" reply --dir "$T/bb" "$id" --final --body "$T/final.json" >/dev/null || bad "reply"
wait_for "aa: the answer" grep -q '"event":"answer-received"' "$T/events.cert.aa"

# aa's operator changes its tier without a new card: bb refuses.
stop aa
sed -i 's/^tier = cert$/tier = nrrc/' "$T/aa/hotline.conf"
q=$(a_query "anything?")
start aa
wait_for "aa: the refusal" grep -q '"event":"alarm"' "$T/events.cert.aa"
stop aa
stop bb
stop nb

# kinds NODE: the kinds NODE's notifier got, in order.
kinds() {
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["event"] for l in open(sys.argv[1])))' \
	    "$T/events.$1"
}
check "bb: received, 50 %, 90 %, passed, in that order" [ "$(kinds cert.bb)" = \
    "request-received deadline-50 deadline-90 deadline-passed" ]
check "nrrc.bb: the escalation" [ "$(kinds nrrc.bb)" = escalation ]
# aa's order: the overdue and its escalation together, the escalated-to
# peer down before it is back; the rest as the story goes.
check "aa: each kind once" [ "$(kinds cert.aa | tr ' ' '\n' | sort | tr '\n' ' ')" = \
    "alarm answer-received escalation overdue peer-back peer-down " ]
check "aa: overdue, then its escalation" sh -c "[ \"\$(python3 -c 'import json,sys; k=[json.loads(l)[\"event\"] \
    for l in open(sys.argv[1])]; print(k.index(\"overdue\") + 1 == k.index(\"escalation\"), \
    k.index(\"peer-down\") < k.index(\"peer-back\"))' '$T/events.cert.aa')\" = 'True True' ]"

# field NODE KIND EXPR...: the values of EXPR over the event of KIND (as
# e) NODE got, joined by |.
field() {
	python3 -c "import json,sys
e = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)['event'] == sys.argv[2]][0]
print('|'.join(str(v) for v in ($3,)))" "$T/events.$1" "$2"
}
# Every event: its kind, id, time and node, its id the database's.
check "ids count up, each its row's, times RFC 3339" python3 -c '
import json, re, sqlite3, sys
for node, d in (("cert.aa", "aa"), ("cert.bb", "bb"), ("nrrc.bb", "nb")):
    db = sqlite3.connect(sys.argv[1] + "/" + d + "/hotline.db")
    ev = [json.loads(l) for l in open(sys.argv[1] + "/events." + node)]
    assert [e["id"] for e in ev] == [r[0] for r in db.execute("SELECT id FROM events ORDER BY id")], node
    for e in ev:
        assert e["node"] == node and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["at"]), e
        assert db.execute("SELECT kind FROM events WHERE id = ?", (e["id"],)).fetchone()[0] == e["event"]
' "$T"
check "bb: the request, its peer, tier, TLP, subject and due" [ "$(field cert.bb request-received \
    "e['msg'], e['peer'], e['type'], e['tier'], e['tlp'], e['subject'], 'due' in e")" = \
    "$id|cert.aa|request|cert|green|DDoS|True" ]
for k in deadline-50 deadline-90 deadline-passed; do
	check "bb: $k names the request and when it is due" [ "$(field cert.bb $k "e['msg'], e['peer'], \
	    e['due'] == [json.loads(l) for l in open(sys.argv[1])][0]['due']")" = "$id|cert.aa|True" ]
done
check "bb: 90 % says how long is left" [ "$(field cert.bb deadline-90 "e['detail'][:53]")" = \
    "90 % of the time for the first answer owed to cert.aa" ]
check "aa: overdue names the request and the silent peer" [ "$(field cert.aa overdue \
    "e['msg'], e['peer'], e['tlp'], e['subject'], e['detail']")" = \
    "$id|cert.bb|green|DDoS|cert.bb has not answered it" ]
check "aa: the escalation, to whom and about whom" [ "$(field cert.aa escalation \
    "e['msg'], e['peer'], e['type'], e['subject'], e['detail']")" = \
    "$esc|nrrc.bb|escalation|unanswered by cert.bb|request $id to cert.bb escalated to nrrc.bb" ]
check "nrrc.bb: the escalation received" [ "$(field nrrc.bb escalation "e['msg'], e['peer'], e['detail']")" = \
    "$esc|cert.aa|escalated to this node by cert.aa (overdue) about $id" ]
check "aa: peer-down names the alarm" [ "$(field cert.aa peer-down "e['peer'], e['alarm'], \
    e['detail'][:16]")" = "nrrc.bb|unreachable|no delivery for " ]
check "aa: peer-back" [ "$(field cert.aa peer-back "e['peer'], e['alarm'], e['detail'][:22]")" = \
    "nrrc.bb|unreachable|reachable again after " ]
check "aa: the answer" [ "$(field cert.aa answer-received "e['peer'], e['type'], e['detail']")" = \
    "cert.bb|response|final answer from cert.bb to $id" ]
check "aa: the refusal" [ "$(field cert.aa alarm "e['peer'], e['alarm'], e['msg'], e['detail']")" = \
    "cert.bb|refused|$q|schema: tier: is nrrc, but cert.aa's pinned card says cert" ]
check "the environment named each event and node" [ "$(cut -d' ' -f1 "$T/env.cert.bb" | tr '\n' ' ')" = \
    "$(kinds cert.bb) " ]
check "and the node" [ "$(sort -u "$T/env.cert.aa" | cut -d' ' -f2 | sort -u)" = cert.aa ]
# The journal's line, once per event, even across aa's restart.
check "aa logged each event once" [ "$(grep -c 'hotline serve: event kind=' "$T/aa.log")" = 6 ]
check "the line names the message and the peer" grep -q "hotline serve: event kind=overdue id=[0-9]* \
msg=$(printf '%.12s' "$id") peer=cert.bb detail=\"cert.bb has not answered it\"" "$T/aa.log"
# A program writes its line before it exits, and the sink moves on after.
sinks_done() {
	[ "$(sql "$T/aa" "SELECT group_concat(sink || '=' || (done = (SELECT max(id) FROM events))) \
	    FROM (SELECT * FROM notify_sinks ORDER BY sink)")" = "exec=1,log=1" ]
}
wait_for "every sink done" sinks_done
finish
