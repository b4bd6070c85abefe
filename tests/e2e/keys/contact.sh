#!/bin/sh
# Contact checks between two daemons: aa's check is delivered, bb's queue
# owes it and bb's notify_exec hook gets a contact-check event; a person
# acks it on bb (hotline ack), and aa's check is answered, its report's
# last contact the ack's created. A second check, left unacked past a
# short deadline, is overdue on aa (no escalation): unacked_late 1. A
# third is acked through bb's console: a viewer may not (403), an officer
# may (201, "by" the officer's name), and not twice (409).
. "$(dirname "$0")/../console/api_lib.sh"

api_pair
operator bb bob officer
operator bb vera viewer
cat >"$T/notify" <<SH
#!/bin/sh
{ cat; printf '\n'; } >>"$T/events"
printf '%s\n' "\$HOTLINE_EVENT" >>"$T/env"
SH
chmod 755 "$T/notify"
printf 'notify_exec = %s\nnotify_timeout = 20s\n' "$T/notify" >>"$T/bb/hotline.conf"
start aa
start bb
# bb pings aa, so that bb's report has a row for aa (it sends no check).
"$HOTLINE" ping --dir "$T/bb" cert.aa >/dev/null || bad "bb's ping"

# report_contact: aa's report's contact member for cert.bb, keys sorted.
report_contact() {
	"$HOTLINE" report --dir "$T/aa" --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(json.dumps([p for p in r["peers"] if p["peer"] == "cert.bb"][0]["contact"],
    sort_keys=True))'
}
# created ID NODE: the message's created, as RFC 3339.
created() {
	sql "$T/$2" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch') FROM messages WHERE id = '$1'"
}

c1=$("$HOTLINE" contact-check --dir "$T/aa" --note "desk check" cert.bb)
check "contact-check prints an id" sh -c "printf '%s' '$c1' | grep -Eq '^[0-9a-f]{64}\$'"
wait_for "the check delivered" state_is aa "$c1" delivered
wait_for "bb holds it" state_is bb "$c1" received
wait_for "bb's hook: the check" grep -q '"event":"contact-check"' "$T/events"
run todo --dir "$T/bb" --json
check "bb's todo owes it, due in a day from its receipt" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
i = [i for i in json.load(sys.stdin)["items"] if i["kind"] == "owed"]
print(len(i), i[0]["msg"], i[0]["due_is"], 86400 - 120 <= i[0]["left_s"] <= 86400,
    i[0]["detail"].startswith("contact check from cert.aa: acknowledge within "))')" = \
    "1 $c1 ack True True" ]
check "aa's check not answered yet" state_is aa "$c1" delivered
a1=$("$HOTLINE" ack --dir "$T/bb" --note "on duty" "$c1")
check "ack prints an id" sh -c "printf '%s' '$a1' | grep -Eq '^[0-9a-f]{64}\$'"
check "bb's check answered" state_is bb "$c1" answered
wait_for "aa: answered" state_is aa "$c1" answered
check "aa holds the ack, by the CLI's user" [ "$(sql "$T/aa" "SELECT type || ' ' || json_extract(CAST(raw AS TEXT), '\$.body.by') FROM messages WHERE id = '$a1'")" = "contact-ack unix:$(id -un)" ]
check "report: acked, the ack's time" [ "$(report_contact)" = \
    "{\"acked\": 1, \"checks\": 1, \"last\": \"$(created "$a1" aa)\", \"unacked_late\": 0}" ]

# A check nobody acks: overdue after its deadline, and never escalated.
c2=$("$HOTLINE" contact-check --dir "$T/aa" --deadline 2s cert.bb)
wait_for "aa: overdue" state_is aa "$c2" overdue
check "an overdue leaf for it" [ "$(sql "$T/aa" "SELECT count(*) FROM log_leaves WHERE json_extract(data, '\$.event') = 'overdue' AND json_extract(data, '\$.msg.id') = '$c2'")" = 1 ]
check "no escalation" [ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE type = 'escalation'")" = 0 ]
check "report: one unacked past its deadline" [ "$(report_contact)" = \
    "{\"acked\": 1, \"checks\": 2, \"last\": \"$(created "$a1" aa)\", \"unacked_late\": 1}" ]
run todo --dir "$T/aa"
check "aa's todo: the check unanswered" [ "$(printf '%s\n' "$out" | grep -c "^unanswered .*$(printf '%.12s' "$c2") contact check not acknowledged by its deadline$")" = 1 ]

# The console's ack.
c3=$("$HOTLINE" contact-check --dir "$T/aa" cert.bb)
wait_for "bb holds the third" state_is bb "$c3" received
login bb vera
post bb "/api/v1/messages/$c3/ack" '{}'
check "a viewer may not ack: 403" [ "$status" = 403 ]
check "a viewer's refusal: forbidden" [ "$(problem)" = urn:hotline:problem:forbidden ]
login bb bob
post bb "/api/v1/messages/$c3/ack" '{"note":"bob here","by":"mallory"}'
check "an unknown member: 400" [ "$status" = 400 ]
post bb "/api/v1/messages/$c3/ack" '{"note":"bob here"}'
check "an officer acks: 201" [ "$status" = 201 ]
a3=$(json 'd["id"]' <"$T/body")
post bb "/api/v1/messages/$c3/ack" '{}'
check "twice: 409" [ "$status" = 409 ]
check "twice: conflict" [ "$(problem)" = urn:hotline:problem:conflict ]
check "the ack is bob's, with his note" [ "$(sql "$T/bb" "SELECT json_extract(CAST(raw AS TEXT), '\$.body.by') || ' ' || json_extract(CAST(raw AS TEXT), '\$.body.note') FROM messages WHERE id = '$a3'")" = "bob bob here" ]
check "the trail: bob's ack, by the console" [ "$(sql "$T/bb" "SELECT actor || ' ' || via FROM audit WHERE action = 'ack' AND target = '$a3'")" = "bob console" ]
wait_for "aa: the third answered" state_is aa "$c3" answered
check "report: two acked, the last the console's" [ "$(report_contact)" = \
    "{\"acked\": 2, \"checks\": 3, \"last\": \"$(created "$a3" aa)\", \"unacked_late\": 1}" ]
run status --dir "$T/aa"
check "status: bb's last confirmed contact" [ "$(printf '%s\n' "$out" | grep '^contact ')" = \
    "contact     cert.bb last confirmed by a person $(created "$a3" aa) (3 checks sent, 1 overdue)" ]
# aa's bundle carries the counts; verify and the Python checker recount.
wait_for "aa's head cosigned by bb" cosigned aa bb
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa.bundle" >/dev/null || bad "aa's bundle"
expect "verify recounts the contact member" 0 '*' '' -- verify --json "$T/aa.bundle"
check "  the same member" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["bundles"][0]["report"]["peers"][0]["contact"], sort_keys=True))')" = \
    "{\"acked\": 2, \"checks\": 3, \"last\": \"$(created "$a3" aa)\", \"unacked_late\": 1}" ]
CHECKER=$(dirname "$0")/../../../docs/audit/check_bundle.py
python3 "$CHECKER" "$T/aa.bundle" >"$T/checker.out" 2>&1
check "the Python checker agrees" [ "$?:$(grep -c '^report    contact checks recounted: they match$' "$T/checker.out"):$(tail -1 "$T/checker.out")" = \
    "0:1:OK" ]
python3 - "$T/aa.bundle" "$T/bad" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["report"]["peers"][0]["contact"]["acked"] = 3
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
expect "verify refuses a count changed" 1 '' "hotline verify: $T/bad: report.peers[0].contact.acked: the bundle says 3, the leaves say 2" -- verify "$T/bad"
python3 "$CHECKER" "$T/bad" >"$T/checker.out" 2>&1
check "and so does the checker" [ "$?:$(tail -1 "$T/checker.out")" = \
    "1:FAILED: report: cert.bb contact acked is 3, the leaves say 2" ]
python3 - "$T/aa.bundle" "$T/bad" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
del b["report"]["peers"][0]["contact"]
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
expect "a row without the member, though the leaves hold checks" 1 '' '*' -- verify "$T/bad"
check "  names it" [ "$err" = "hotline verify: $T/bad: report.peers[0].contact: the bundle says nothing, the leaves say {\"acked\":2,\"checks\":3,\"last\":\"$(created "$a3" aa)\",\"unacked_late\":1}" ]
# bb sent no check: a bundle of before contact checks, with no member,
# still verifies (its leaves hold none to count).
wait_for "bb's head cosigned by aa" cosigned bb aa
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
python3 - "$T/bb.bundle" "$T/old" <<'PY' || bad "bb's bundle: $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"report\"][\"peers\"])" "$T/bb.bundle")"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["report"]["peers"][0]["contact"] == {"checks": 0, "acked": 0, "unacked_late": 0, "last": None}
del b["report"]["peers"][0]["contact"]
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
expect "an old bundle verifies" 0 '*' '' -- verify "$T/old"
python3 "$CHECKER" "$T/old" >"$T/checker.out" 2>&1
check "and passes the checker" [ "$?:$(tail -1 "$T/checker.out")" = "0:OK" ]
wait_for "bb's hook: three checks" sh -c "[ \$(grep -c '^contact-check\$' '$T/env') -ge 3 ]"
stop aa
stop bb
check "bb's hook: each check once" [ "$(grep -c '^contact-check$' "$T/env")" = 3 ]
check "the hook's event names the check and its sender" [ "$(grep '"event":"contact-check"' "$T/events" | head -1 | python3 -c 'import json,sys; e=json.load(sys.stdin); print(e["msg"], e["peer"], e["type"])')" = "$c1 cert.aa contact-check" ]
finish
