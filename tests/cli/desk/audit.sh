#!/bin/sh
# hotline audit: each command a person runs is in the trail under the
# unix user it ran as, newest first, with its exact action, target and
# detail; the node's own work and refused commands are not; filters,
# --json, usage errors; and the database itself keeps the rows.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
D="--dir $A"
ME="unix:$(id -un)"
ssh_request "$T/req.json"

# The fixture pinned bb with hotline peer add, run by this user.
check "the pin is the first row" [ "$(sql "$A" "SELECT actor || ' ' || via || ' ' || \
    action || ' ' || target FROM audit")" = "$ME cli peer-add cert.bb" ]

run send $D --to cert.bb --type request --tlp amber --body "$T/req.json"
req=$out
check "send" [ "$rc" = 0 ]
run ping $D cert.bb
ping=$out
check "ping" [ "$rc" = 0 ]
run withdraw $D "$req" --reason "sent to the wrong CERT"
wd=$out
check "withdraw" [ "$rc" = 0 ]
# Refused: no row.
expect "send to a stranger" 1 '' '*' -- send $D --to cert.zz --type request --body "$T/req.json"
expect "withdraw again" 1 '' '*' -- withdraw $D "$req" --reason again
expect "remove a stranger" 1 '' '*' -- peer remove $D cert.zz
# Reading is no action; nor is log verify's own verdict.
"$HOTLINE" outbox $D >/dev/null
"$HOTLINE" log verify $D >/dev/null
check "four rows" [ "$(sql "$A" 'SELECT count(*) FROM audit')" = 4 ]

run audit --json $D
check "audit --json: newest first, exact" [ "$rc:$(printf '%s' "$out" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    print(e["id"], e["actor"], e["via"], e["action"], e.get("target", "-"),
        e.get("detail", "-"), sorted(e))')" = "0:4 $ME cli withdraw $wd withdraws $req ['action', 'actor', 'at', 'detail', 'id', 'target', 'via']
3 $ME cli ping $ping ping to cert.bb ['action', 'actor', 'at', 'detail', 'id', 'target', 'via']
2 $ME cli send $req request to cert.bb ['action', 'actor', 'at', 'detail', 'id', 'target', 'via']
1 $ME cli peer-add cert.bb - ['action', 'actor', 'at', 'id', 'target', 'via']" ]
check "at is RFC 3339, of the send's time" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print(json.load(sys.stdin)["entries"][2]["at"])')" = "$(sql "$A" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', \
    created, 'unixepoch') FROM messages WHERE id = '$req'")" ]

run audit $D
check "audit: a table, the ids as 12 digits" [ "$rc:$(printf '%s\n' "$out" | cut -c22-)" = "0:ACTOR                    VIA     ACTION           TARGET           DETAIL
$(printf '%-24s cli     withdraw         %-16s withdraws %s' "$ME" "$(printf %.12s "$wd")" "$req")
$(printf '%-24s cli     ping             %-16s ping to cert.bb' "$ME" "$(printf %.12s "$ping")")
$(printf '%-24s cli     send             %-16s request to cert.bb' "$ME" "$(printf %.12s "$req")")
$(printf '%-24s cli     peer-add         %-16s -' "$ME" cert.bb)" ]
check "the AT column" [ "$(printf '%s\n' "$out" | sed -n 2p | cut -c1-21 | \
    grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z $')" = 1 ]

# Filters.
run audit --json --limit 2 $D
check "--limit 2" [ "$(printf '%s' "$out" | python3 -c '
import json, sys; print(" ".join(str(e["id"]) for e in json.load(sys.stdin)["entries"]))')" = "4 3" ]
run audit --json --action send $D
check "--action send" [ "$(printf '%s' "$out" | python3 -c '
import json, sys; print(" ".join(e["target"] for e in json.load(sys.stdin)["entries"]))')" = "$req" ]
run audit --json --actor "$ME" --since 1h $D
check "--actor, --since 1h" [ "$(printf '%s' "$out" | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["entries"]))')" = 4 ]
run audit --json --actor nobody $D
check "--actor nobody" [ "$rc:$out" = '0:{
  "entries": []
}' ]
run audit --json --since 2100-01-01 $D
check "--since a date to come" [ "$(printf '%s' "$out" | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["entries"]))')" = 0 ]

# Usage.
expect "--limit 0" 2 '' "hotline audit: --limit '0': not a number from 1 to 1000" -- audit --limit 0 $D
expect "--limit 1001" 2 '' "hotline audit: --limit '1001': not a number from 1 to 1000" -- audit --limit 1001 $D
expect "--limit x" 2 '' "hotline audit: --limit 'x': not a number from 1 to 1000" -- audit --limit x $D
expect "--since junk" 2 '' \
    "hotline audit: --since 'soon': not a duration (7d), a date or an RFC 3339 time" -- audit --since soon $D
expect "an operand" 2 '' '*' -- audit extra $D
run audit --help
check "--help on stdout" [ "$rc:$(printf '%s\n' "$out" | head -1)" = \
    "0:usage: hotline audit [--json] [--limit N] [--since DURATION|DATE]" ]

# Accounts are in it too, and a login's row is no one's to remove.
printf 'pw\n' | "$HOTLINE" user add olga --role officer --password-stdin $D >/dev/null
check "user add by this user" [ "$(sql "$A" "SELECT actor || ' ' || action || ' ' || \
    target || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" = "$ME user-add olga officer" ]
# (The sqlite3 shell words its errors by version: the trigger's text.)
check "DELETE refused" [ "$(sqlite3 "$A/hotline.db" 'DELETE FROM audit' 2>&1 | \
    grep -c 'the audit trail is kept (19)$')" = 1 ]
check "UPDATE refused" [ "$(sqlite3 "$A/hotline.db" "UPDATE audit SET actor = 'x'" 2>&1 | \
    grep -c 'the audit trail is kept (19)$')" = 1 ]
check "all five kept" [ "$(sql "$A" "SELECT count(*) FROM audit WHERE actor = '$ME'")" = 5 ]

# An alarm a person clears is; one the node raises is not.
sql "$A" "INSERT INTO alarms (kind, subject, detail, raised, seen, count) \
    VALUES ('refused', 'cert.bb', 'it refused a message', 1, 1, 1)"
expect "alarm clear" 0 'cleared refused cert.bb' '' -- alarm clear refused cert.bb $D
expect "alarm clear, none" 1 '' '*' -- alarm clear refused cert.bb $D
"$HOTLINE" peer remove $D cert.bb >/dev/null
"$HOTLINE" peer add $D "$T/bb.card" >/dev/null
run audit --limit 3 --json $D
check "alarm clear, peer remove, peer add" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print("; ".join("%s %s %s" % (e["action"], e["target"], e.get("detail", "-"))
    for e in json.load(sys.stdin)["entries"]))')" = \
    "peer-add cert.bb -; peer-remove cert.bb -; alarm-clear cert.bb refused" ]

# An envelope a person hands in (hotline accept) is theirs; once only.
printf '{"summary":"seen this?"}' >"$T/q.json"
qid=$("$HOTLINE" send --dir "$B" --to cert.aa --type query --body "$T/q.json")
"$HOTLINE" show --raw --dir "$B" "$qid" >"$T/q.env"
expect "accept" 0 '*' '' -- accept $D "$T/q.env"
"$HOTLINE" accept $D "$T/q.env" >/dev/null 2>&1
check "accept: one row, by this user, naming the sender" [ "$(sql "$A" "SELECT \
    actor || ' ' || via || ' ' || target || ' ' || detail FROM audit WHERE \
    action = 'accept'")" = "$ME cli $qid from cert.bb" ]

# A user the system has no name for is its uid (root can be anyone).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	cp -a "$A" "$T/nameless"
	chown -R 54321:54321 "$T/nameless"
	setpriv --reuid=54321 --regid=54321 --clear-groups "$HOTLINE" ping \
	    --dir "$T/nameless" cert.bb >/dev/null 2>"$T/err"
	check "a nameless uid" [ "$(sql "$T/nameless" "SELECT actor FROM audit \
	    ORDER BY id DESC LIMIT 1")" = "unix:54321" ]
fi
finish
