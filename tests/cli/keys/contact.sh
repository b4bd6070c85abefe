#!/bin/sh
# Contact checks by hand, files handed over with accept: aa's check, bb's
# queue and inbox, bb's ack (refused twice, refused of anything else),
# the states, leaves and trail rows on both sides, aa's report (the text
# line and --json's contact member) and status; and aa's refusal of an
# ack that answers nothing it asked.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
me=unix:$(id -un)
noserve="hotline contact-check: queued, but no daemon is running: it goes when hotline serve starts"

expect "usage" 2 '' 'usage: hotline contact-check PEER [--deadline DUR] [--note TEXT] [--dir DIR]' -- \
    contact-check --dir "$A"
expect "a deadline that is no duration" 2 '' "hotline contact-check: --deadline 'soon': not a duration (24h, 30m)" -- \
    contact-check --dir "$A" --deadline soon cert.bb
expect "a peer not pinned" 1 '' '*' -- contact-check --dir "$A" cert.zz
check "  names it" sh -c "printf '%s' '$err' | grep -q 'unknown peer cert.zz'"
expect "a note of two lines" 1 '' 'hotline contact-check: note: control character at byte 1' -- \
    contact-check --dir "$A" --note "$(printf 'a\nb')" cert.bb
expect "a note not UTF-8" 1 '' 'hotline contact-check: note: is not valid UTF-8' -- \
    contact-check --dir "$A" --note "$(printf 'caf\351')" cert.bb
check "nothing queued" [ "$(sql "$A" "SELECT count(*) FROM messages")" = 0 ]

expect "contact-check" 0 '*' "$noserve" -- contact-check --dir "$A" --deadline 2h --note "desk check" cert.bb
c1=$out
check "queued, deadline 2 h after created" [ "$(sql "$A" "SELECT type, state, deadline - created, tlp FROM messages WHERE id = '$c1'")" = \
    "contact-check|queued|7200|clear" ]
check "the body: the note and the deadline" [ "$(sql "$A" "SELECT json_extract(CAST(raw AS TEXT), '\$.body.note') = 'desk check' AND json_extract(CAST(raw AS TEXT), '\$.body.deadline') = strftime('%Y-%m-%dT%H:%M:%SZ', deadline, 'unixepoch') FROM messages WHERE id = '$c1'")" = 1 ]
check "its leaf: queued, with the deadline" [ "$(sql "$A" "SELECT json_extract(data, '\$.event'), json_extract(data, '\$.msg.type'), json_extract(data, '\$.msg.deadline') = (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', deadline, 'unixepoch') FROM messages) FROM log_leaves")" = \
    "queued|contact-check|1" ]
check "aa's trail: contact-check" [ "$(sql "$A" "SELECT actor, action, target, detail FROM audit WHERE action = 'contact-check'")" = \
    "$me|contact-check|$c1|contact-check to cert.bb" ]

for f in stix misp iodef; do
	expect "export --format $f refuses a check" 1 '' '*' -- export --dir "$A" "$c1" --format $f
	check "  saying why" sh -c "printf '%s' '$err' | grep -Eq '^hotline export: $c1: (type: )?a contact-check has nothing to export\$'"
done
"$HOTLINE" show --dir "$A" --raw "$c1" >"$T/c1.json"
expect "bb accepts it" 0 "accepted $c1 from cert.aa seq 1" '' -- accept --dir "$B" "$T/c1.json"
check "bb: received" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$c1'")" = received ]
check "bb: an event for notifiers" [ "$(sql "$B" "SELECT kind, json_extract(body, '\$.msg') FROM events WHERE kind = 'contact-check'")" = \
    "contact-check|$c1" ]
run todo --dir "$B"
short=$(printf '%.12s' "$c1")
check "bb's todo: owed, a contact check" sh -c "printf '%s\n' \"\$0\" | sed -n 2p | grep -Eq '^owed +(2h|1h 59m) +cert.aa +$short contact check from cert.aa: acknowledge within (2h|1h 59m)\$'" "$out"
run todo --dir "$B" --json
check "todo --json: due_is ack, type contact-check" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; i=json.load(sys.stdin)["items"][0]; print(i["kind"], i["type"], i["due_is"], i["late"])')" = \
    "owed contact-check ack False" ]
run inbox --dir "$B" --type contact-check
check "inbox --type contact-check lists it" [ "$(printf '%s\n' "$out" | sed -n 2p | cut -c1-12)" = "$short" ]

# What an ack is refused for.
expect "ack of a check sent" 1 '' "hotline ack: $short is a contact-check this node sent, not a contact check it received" -- \
    ack --dir "$A" "$c1"
expect "ack of nothing" 1 '' '*' -- ack --dir "$B" ffffffff
"$HOTLINE" ping --dir "$A" cert.bb >"$T/p.id" 2>/dev/null
p1=$(cat "$T/p.id")
"$HOTLINE" show --dir "$A" --raw "$p1" >"$T/p1.json"
"$HOTLINE" accept --dir "$B" "$T/p1.json" >/dev/null || bad "accept the ping"
expect "ack of a ping" 1 '' "hotline ack: $(printf '%.12s' "$p1") is a ping this node received, not a contact check it received" -- \
    ack --dir "$B" "$p1"

expect "ack" 0 '*' "hotline ack: queued, but no daemon is running: it goes when hotline serve starts" -- \
    ack --dir "$B" --note "on duty" "$c1"
a1=$out
expect "ack twice" 1 '' "hotline ack: $short is already acknowledged" -- ack --dir "$B" "$c1"
check "bb: answered, one ack" [ "$(sql "$B" "SELECT (SELECT state FROM messages WHERE id = '$c1'), count(*) FROM messages WHERE type = 'contact-ack'")" = "answered|1" ]
check "the ack: by the CLI's user, naming the check" [ "$(sql "$B" "SELECT json_extract(CAST(raw AS TEXT), '\$.body.by'), json_extract(CAST(raw AS TEXT), '\$.body.note'), json_extract(refs, '\$[0]'), seq FROM messages WHERE id = '$a1'")" = \
    "$me|on duty|$c1|2" ]
check "bb's trail: ack" [ "$(sql "$B" "SELECT actor, via, action, target, detail FROM audit WHERE action = 'ack'")" = \
    "$me|cli|ack|$a1|acknowledges $c1 from cert.aa" ]
expect "export refuses an ack" 1 '' "hotline export: $a1: a contact-ack has nothing to export" -- \
    export --dir "$B" "$a1" --format misp
run inbox --dir "$B" --json
check "bb's inbox --json: the check answered" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(" ".join(m["type"] + ":" + m["state"] for m in json.load(sys.stdin)))')" = \
    "contact-check:answered" ]
run outbox --dir "$B" --json
check "bb's outbox --json: the ack, replying to the check" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(" ".join(m["type"] + ":" + m.get("reply_to", "") for m in json.load(sys.stdin) if m["type"] != "pong"))')" = \
    "contact-ack:$c1" ]
run todo --dir "$B"
check "bb's todo owes it no more" [ "$(printf '%s\n' "$out" | grep -c contact)" = 0 ]

# Back to aa: the pong first (seq 1), then the ack.
pong=$(sql "$B" "SELECT id FROM messages WHERE type = 'pong'")
"$HOTLINE" show --dir "$B" --raw "$pong" >"$T/pong.json"
"$HOTLINE" accept --dir "$A" "$T/pong.json" >/dev/null || bad "accept the pong"
"$HOTLINE" show --dir "$B" --raw "$a1" >"$T/a1.json"
expect "aa accepts the ack" 0 "accepted $a1 from cert.bb seq 2" '' -- accept --dir "$A" "$T/a1.json"
check "aa: answered" [ "$(sql "$A" "SELECT state FROM messages WHERE id = '$c1'")" = answered ]
check "aa: its leaf, received contact-ack naming the check" [ "$(sql "$A" "SELECT json_extract(data, '\$.msg.type'), json_extract(data, '\$.msg.refs[0]') FROM log_leaves WHERE json_extract(data, '\$.msg.id') = '$a1'")" = \
    "contact-ack|$c1" ]
check "aa: an event contact-ack" [ "$(sql "$A" "SELECT count(*) FROM events WHERE kind = 'contact-ack'")" = 1 ]
at=$(sql "$A" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch') FROM messages WHERE id = '$a1'")
run report --dir "$A"
check "report: the last human-confirmed contact" [ "$(printf '%s\n' "$out" | tail -1)" = \
    "cert.bb: last human-confirmed contact: $at (1 of 1 contact checks acknowledged, 0 unacknowledged past their deadline)" ]
run report --dir "$A" --json
check "report --json: contact" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["peers"][0]["contact"], sort_keys=True))')" = \
    "{\"acked\": 1, \"checks\": 1, \"last\": \"$at\", \"unacked_late\": 0}" ]
run status --dir "$A" --json
check "status --json: last_contact" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["last_contact"], sort_keys=True))')" = \
    "[{\"at\": \"$at\", \"checks\": 1, \"overdue\": 0, \"peer\": \"cert.bb\"}]" ]
run status --dir "$B"
check "bb's status: no contact line (it sent none)" [ "$(printf '%s\n' "$out" | grep -c '^contact ')" = 0 ]

# An ack that answers nothing aa asked: the ack of bb's own check to aa.
expect "bb checks aa" 0 '*' '*' -- contact-check --dir "$B" cert.aa
c2=$out
"$HOTLINE" show --dir "$B" --raw "$c2" >"$T/c2.json"
"$HOTLINE" accept --dir "$A" "$T/c2.json" >/dev/null || bad "accept bb's check"
expect "aa acks it" 0 '*' '*' -- ack --dir "$A" "$c2"
a2=$out
"$HOTLINE" show --dir "$A" --raw "$a2" >"$T/a2.json"
before=$(sql "$B" "SELECT count(*) FROM messages")
expect "bb accepts aa's ack" 0 "accepted $a2 from cert.aa seq 3" '' -- accept --dir "$B" "$T/a2.json"
check "bb: its check answered" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$c2'")" = answered ]
check "report: aa's ack of bb's check is not aa's contact with bb" [ "$(sql "$A" "SELECT count(*) FROM messages WHERE type = 'contact-check' AND dir = 'out'")" = 1 ]
run report --dir "$A" --json
check "  still one check, one ack" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["peers"][0]["contact"]; print(c["checks"], c["acked"])')" = "1 1" ]
finish
