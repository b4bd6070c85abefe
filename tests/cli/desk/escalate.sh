#!/bin/sh
# hotline escalate: an officer escalates a request aa sent, now, to its
# peer's counterpart one tier up, and the escalation names the request,
# the officer and the reason ("other" before it is due); it is refused,
# saying why, for a request received, one withdrawn, answered finally or
# escalated already, and one to a peer with nobody above it. Each
# escalation is an event of the node's, once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
for n in nrrc.bb:BB:nrrc cert.dd:DD:cert; do
	p=${n%%:*} rest=${n#*:}
	"$HOTLINE" init --party "$p" --state "${rest%%:*}" --tier "${rest#*:}" \
	    --listen 127.0.0.1:9 --dir "$T/$p" >/dev/null || bad "init $p"
	"$HOTLINE" id --dir "$T/$p" >"$T/$p.card"
	"$HOTLINE" peer add --dir "$A" "$T/$p.card" >/dev/null || bad "pin $p"
done
ssh_request "$T/req.json"
printf '{"status":"final","summary":"blocked"}' >"$T/final.json"

# carry ID FROM TO: a message, as signed, accepted by another node.
carry() {
	"$HOTLINE" show --raw --dir "$2" "$1" >"$T/carry.env" &&
	    "$HOTLINE" accept --dir "$3" "$T/carry.env" >/dev/null ||
	    bad "carry $1"
}
send() {
	"$HOTLINE" send --dir "$A" --to "$1" --type request --subject "SSH" \
	    --tlp "$2" --deadline 1h --body "$T/req.json"
}

r1=$(send cert.bb amber)
carry "$r1" "$A" "$B"
run escalate --dir "$A" "$(printf '%.12s' "$r1")"
check "escalated: exit 0" [ "$rc" = 0 ]
check "nothing on stderr" [ -z "$err" ]
e1=$out
q() { sql "$A" "$1"; }
check "the escalation: to nrrc.bb, naming the request" [ "$(q "SELECT type, peer, tlp, subject, \
    json_extract(raw, '$.refs[0]'), json_extract(raw, '$.body.reason') FROM messages WHERE id = '$e1'")" = \
    "escalation|nrrc.bb|amber|unanswered by cert.bb|$r1|other" ]
# The officer is the CLI's actor, the local user.
me=unix:$(id -un)
check "the summary names the request and the officer" [ "$(q "SELECT json_extract(raw, \
    '$.body.summary') FROM messages WHERE id = '$e1'" | sed 's/, due [0-9T:Z-]*;/;/')" = \
    "cert.bb was sent request $r1 (SSH); escalated by $me." ]
check "the trail says who escalated what to whom" [ "$(q "SELECT actor, via, action, target, detail \
    FROM audit WHERE action = 'escalate'")" = "$me|cli|escalate|$e1|escalates $r1 to nrrc.bb" ]
check "the request is escalated" [ "$(q "SELECT state FROM messages WHERE id = '$r1'")" = escalated ]
check "one event, about the escalation" [ "$(q "SELECT kind, json_extract(body, '$.msg'), \
    json_extract(body, '$.peer') FROM events")" = "escalation|$e1|nrrc.bb" ]
check "the subject of an amber one is withheld from the event" [ "$(q "SELECT \
    json_extract(body, '$.subject') IS NULL FROM events")" = 1 ]

P=$(printf '%.12s' "$r1")
expect "again" 1 '' "hotline escalate: $P is already escalated" -- escalate --dir "$A" "$r1"
r2=$(send cert.dd green)
expect "nobody above cert.dd" 1 '' "hotline escalate: nobody to escalate to: no peer of \
cert.dd's state one tier or more above it is pinned" -- escalate --dir "$A" "$r2"
r3=$(send cert.bb green)
carry "$r3" "$A" "$B"
P3=$(printf '%.12s' "$r3")
expect "a request received" 1 '' "hotline escalate: $P3 is a request this node received, not a \
request or query it sent" -- escalate --dir "$B" "$r3"
a3=$("$HOTLINE" reply --dir "$B" "$r3" --final --body "$T/final.json") || bad "reply"
carry "$a3" "$B" "$A"
expect "answered finally" 1 '' "hotline escalate: $P3 is already answered-final" -- escalate --dir "$A" "$r3"
r4=$(send cert.bb green)
carry "$r4" "$A" "$B"
"$HOTLINE" withdraw --dir "$A" "$r4" >/dev/null || bad "withdraw"
carry "$(q "SELECT id FROM messages WHERE type = 'notice'")" "$A" "$B"
expect "withdrawn" 1 '' "hotline escalate: $(printf '%.12s' "$r4") is already withdrawn" -- escalate --dir "$A" "$r4"
expect "no such message" 1 '' "hotline escalate: 0000: no such message" -- escalate --dir "$A" 0000
expect "no id" 2 '' "usage: hotline escalate ID [--dir DIR]" -- escalate --dir "$A"
check "no more escalations" [ "$(q "SELECT count(*) FROM messages WHERE type = 'escalation'")" = 1 ]
check "and a refusal is no act of the trail" [ "$(q "SELECT count(*) FROM audit WHERE action = 'escalate'")" = 1 ]
check "the answer is the only other event" [ "$(q "SELECT group_concat(kind, ' ') FROM events")" = \
    "escalation answer-received" ]
finish
