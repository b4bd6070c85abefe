#!/bin/sh
# inbox and outbox: the columns (deadline, TLP, reply-to), pings hidden
# unless asked, each filter, a request received past due shown "late"
# (its JSON keeping the state, with "late": true), and bad values as
# usage errors naming the option.
. "$(dirname "$0")/queue.sh"

run send --dir "$A" --to cert.bb --type request --subject "SSH scanning" \
    --deadline 2h --tlp amber --body "$T/req.json"
r1=$out
run send --dir "$A" --to cert.bb --type query --tlp green --body "$T/q.json"
q1=$out
run ping --dir "$A" cert.bb
p1=$(sql "$A" "SELECT id FROM messages WHERE type = 'ping'")
for m in "$r1" "$q1" "$p1"; do
	carry "$A" "$B" "$m"
done
dl=$(iso "$(sql "$B" "SELECT deadline FROM messages WHERE id = '$r1'")")

# row DIR ID: the table row for message ID as DIR's node has it, the
# STATE column given as $2.
hdr() {
	printf '%-12s  %-16s %-10s %-16s %-20s %-12s %-12s %s' ID "$1" TYPE \
	    STATE DEADLINE TLP RE SUBJECT
}
row() {
	printf '%.12s  %-16s %-10s %-16s %-20s %-12s %-12.12s %s' "$1" "$2" \
	    "$3" "$4" "$5" "$6" "$7" "$8"
}
R1=$(row "$r1" cert.aa request received "$dl" amber - "SSH scanning")
Q1=$(row "$q1" cert.aa query received - green - "")
P1=$(row "$p1" cert.aa ping received - clear - "")
IN=$(hdr FROM)

expect "inbox: pings hidden" 0 "$IN
$R1
$Q1" '' -- inbox --dir "$B"
expect "--pings" 0 "$IN
$R1
$Q1
$P1" '' -- inbox --dir "$B" --pings
expect "--type query" 0 "$IN
$Q1" '' -- inbox --dir "$B" --type query
expect "--type ping shows what it asks for" 0 "$IN
$P1" '' -- inbox --dir "$B" --type ping
expect "--state received" 0 "$IN
$R1
$Q1" '' -- inbox --dir "$B" --state received
expect "--state answered-final" 0 "$IN" '' -- inbox --dir "$B" --state answered-final
expect "--peer cert.aa" 0 "$IN
$R1
$Q1" '' -- inbox --dir "$B" --peer cert.aa
expect "--peer cert.zz" 0 "$IN" '' -- inbox --dir "$B" --peer cert.zz
expect "--since 1h" 0 "$IN
$R1
$Q1" '' -- inbox --dir "$B" --since 1h
expect "--since a date to come" 0 "$IN" '' -- inbox --dir "$B" --since 2099-01-01
expect "--limit 1: the newest" 0 "$IN
$Q1" '' -- inbox --dir "$B" --limit 1
expect "--limit 2 --pings" 0 "$IN
$Q1
$P1" '' -- inbox --dir "$B" --limit 2 --pings
expect "--overdue: nothing yet" 0 "$IN" '' -- inbox --dir "$B" --overdue

# Three hours ago, due in two: late here, though still "received".
back "$B" "$r1" 10800
dl=$(iso "$(sql "$B" "SELECT deadline FROM messages WHERE id = '$r1'")")
LATE=$(row "$r1" cert.aa request late "$dl" amber - "SSH scanning")
expect "--overdue: late on the receiving side" 0 "$IN
$LATE" '' -- inbox --dir "$B" --overdue
expect "combined: --overdue --type query" 0 "$IN" '' -- inbox --dir "$B" --overdue --type query
expect "combined: --peer --type --since" 0 "$IN
$LATE" '' -- inbox --dir "$B" --peer cert.aa --type request --since 1d
run inbox --dir "$B" --json --overdue
check "--json keeps the state, adds late" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(len(r), r[0]["id"], r[0]["state"], r[0]["late"], sorted(r[0]))')" = \
    "1 $r1 received True ['created', 'deadline', 'dir', 'id', 'late', 'peer', 'seq', 'state', 'stored', 'subject', 'tier', 'tlp', 'type']" ]

# The outbox, and an answer's reply-to.
OUT=$(hdr TO)
dlo=$(iso "$(sql "$A" "SELECT deadline FROM messages WHERE id = '$r1'")")
expect "outbox: pings hidden" 0 "$OUT
$(row "$r1" cert.bb request queued "$dlo" amber - "SSH scanning")
$(row "$q1" cert.bb query queued - green - "")" '' -- outbox --dir "$A"
# bb's pong goes first: it is bb's seq 1.
carry "$B" "$A" "$(sql "$B" "SELECT id FROM messages WHERE type = 'pong'")"
"$HOTLINE" reply --dir "$B" "$r1" --final --body "$T/q.json" >"$T/a1" || bad "reply"
a1=$(cat "$T/a1")
carry "$B" "$A" "$a1"
expect "an answer names what it answers" 0 "$IN
$(row "$a1" cert.bb response received - amber "$r1" "")" '' -- inbox --dir "$A"
run inbox --dir "$A" --json
check "--json: reply_to and read" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
print(r["reply_to"], r["read"])')" = "$r1 False" ]
expect "--overdue at the sender: none" 0 "$(hdr TO)" '' -- outbox --dir "$A" --overdue

# Bad values: usage errors, naming the option.
expect "--state bogus" 2 '' \
    "hotline inbox: --state: not a message state (received, delivered, overdue, ...): 'bogus'" \
    -- inbox --dir "$B" --state bogus
expect "--type bogus" 2 '' \
    "hotline outbox: --type: not a message type (request, response, notice, query, ping, pong, escalation): 'bogus'" \
    -- outbox --dir "$A" --type bogus
expect "--peer bad" 2 '' "hotline inbox: --peer: not a party id: 'Cert AA'" \
    -- inbox --dir "$B" --peer 'Cert AA'
expect "--since bad" 2 '' \
    "hotline inbox: --since: not a duration ago (7d), a date or an RFC 3339 time: 'lately'" \
    -- inbox --dir "$B" --since lately
expect "--limit 0" 2 '' "hotline inbox: --limit: not a count from 1: '0'" \
    -- inbox --dir "$B" --limit 0
expect "--limit -3" 2 '' "hotline inbox: --limit: not a count from 1: '-3'" \
    -- inbox --dir "$B" --limit -3
finish
