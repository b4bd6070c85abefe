#!/bin/sh
# An operator's ordinary mistakes are named, with exit 1 (or 2 for a bad
# flag), not passed over: a peer that does not exist, this node itself as
# a peer, a ping with no daemon to send it, a second final answer, an
# answer to a withdrawn request, an answer marked lower than its request.
# And the forms an operator reaches for work: TLP names in any case,
# dates and durations for --deadline, --since and --until, peer remove
# (evidence kept, re-adding works), and --replace showing both keys.
. "$(dirname "$0")/lib.sh"

two_nodes
printf '{"summary":"Is 203.0.113.7 yours?"}' >"$T/q.json"
ssh_request "$T/req.json"
printf '{"summary":"blocked"}' >"$T/answer.json"
# carry ID: aa's message, as signed, accepted by bb (no daemons here).
carry() {
	"$HOTLINE" show --raw --dir "$A" "$1" >"$T/carry.env" &&
	    "$HOTLINE" accept --dir "$B" "$T/carry.env" >/dev/null ||
	    bad "carry $1 to bb"
}

# A peer that does not exist is not "nothing to count".
expect "report on a typo" 1 '' \
    "hotline report: --peer cert.zz: no such peer: none is pinned and no message was sent to or received from one" \
    -- report --dir "$A" --peer cert.zz
expect "report on a pinned peer with nothing yet" 0 "report of cert.aa's log: 0 leaves, as of -
nothing to count" '' \
    -- report --dir "$A" --peer cert.bb

# This node is not a peer to pin.
expect "send to this node" 1 '' "hotline send: cert.aa is this node" \
    -- send --dir "$A" --to cert.aa --type query --body "$T/q.json"
expect "ping this node" 1 '' "hotline ping: cert.aa is this node" \
    -- ping --dir "$A" cert.aa
expect "remove this node" 1 '' "hotline peer remove: cert.aa is this node" \
    -- peer remove --dir "$A" cert.aa
check "nothing queued by them" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = 0 ]

# TLP names in any case, with or without "TLP:".
for t in AMBER Amber TLP:RED tlp:amber+strict GREEN; do
	run send --dir "$A" --to cert.bb --type query --tlp "$t" --body "$T/q.json"
	low=$(printf '%s' "${t#*:}" | tr 'A-Z' 'a-z')
	check "--tlp $t: queued" [ "$rc" = 0 ]
	check "--tlp $t: marked $low" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$out'")" = "$low" ]
	carry "$out"
done
expect "--tlp white is still no TLP" 2 '' \
    "hotline send: --tlp 'white': must be clear, green, amber, amber+strict or red (in any case)" \
    -- send --dir "$A" --to cert.bb --type query --tlp white --body "$T/q.json"
expect "--tlp TLP: alone is none" 2 '*' '*' \
    -- send --dir "$A" --to cert.bb --type query --tlp TLP: --body "$T/q.json"

# --deadline: a date (midnight UTC), a duration, an RFC 3339 time.
run send --dir "$A" --to cert.bb --type request --deadline 2099-12-24 --body "$T/req.json"
check "--deadline DATE: queued" [ "$rc" = 0 ]
check "--deadline DATE: midnight UTC" [ "$(sql "$A" "SELECT deadline FROM messages WHERE id = '$out'")" = \
    "$(date -u -d 2099-12-24T00:00:00Z +%s)" ]
R1=$out
carry "$R1"
run send --dir "$A" --to cert.bb --type request --deadline 90m --body "$T/req.json"
check "--deadline 90m: 5400 s after it was created" [ "$(sql "$A" "SELECT deadline - created FROM messages WHERE id = '$out'")" = 5400 ]
R2=$out
carry "$R2"
run send --dir "$A" --to cert.bb --type request --tlp red --deadline 2099-12-24T12:00:00Z --body "$T/req.json"
check "--deadline TIME" [ "$(sql "$A" "SELECT deadline FROM messages WHERE id = '$out'")" = \
    "$(date -u -d 2099-12-24T12:00:00Z +%s)" ]
R3=$out
carry "$R3"
expect "--deadline a date past" 2 '' "hotline send: --deadline '2020-01-01': already past" \
    -- send --dir "$A" --to cert.bb --type request --deadline 2020-01-01 --body "$T/req.json"

# --since and --until: a duration ago, a date, a time.
asked() {
	printf '%s' "$out" | python3 -c 'import json,sys; p=json.load(sys.stdin)["peers"]; print(p[0]["out"]["requests"] if p else 0)'
}
run report --dir "$A" --peer cert.bb --json --since 1h
check "--since 1h: exit 0" [ "$rc" = 0 ]
check "--since 1h: the 3 requests of the last hour" [ "$(asked)" = 3 ]
run report --dir "$A" --peer cert.bb --json --until 1h
check "--until 1h: none asked before an hour ago" [ "$(asked)" = 0 ]
run report --dir "$A" --peer cert.bb --json --since 2020-01-01 --until 2099-01-01T00:00:00Z
check "--since DATE --until TIME: all 3" [ "$(asked)" = 3 ]
expect "--since 1h --until 2h: the wrong way round" 2 '' \
    "hotline report: --until must be after --since" \
    -- report --dir "$A" --since 1h --until 2h
expect "--since a word" 2 '' \
    "hotline report: --since: not a duration ago (7d), a date or an RFC 3339 time: 'lately'" \
    -- report --dir "$A" --since lately

# Answers: the first final one goes; a second is refused unless forced.
expect "reply --help does not ask for --type" 0 \
    "usage: hotline reply ID [--final] [--tlp LEVEL] [--force] [--body FILE|-]
                    [--dir DIR]" '' -- reply --help
expect "a final answer" 0 '*' '' -- reply --dir "$B" "$R1" --final --body "$T/answer.json"
short1=$(printf '%.12s' "$R1")
expect "a second final answer" 1 '' \
    "hotline reply: $short1 already has a final answer; use --force to send anyway" \
    -- reply --dir "$B" "$R1" --final --body "$T/answer.json"
expect "an interim one after it" 1 '' \
    "hotline reply: $short1 already has a final answer; use --force to send anyway" \
    -- reply --dir "$B" "$R1" --body "$T/answer.json"
check "one answer queued" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE type = 'response'")" = 1 ]
expect "a second final answer, forced" 0 '*' '' \
    -- reply --dir "$B" "$R1" --final --force --body "$T/answer.json"
check "two answers queued" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE type = 'response'")" = 2 ]
check "the request stays answered-final" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R1'")" = answered-final ]

# A request its sender withdrew.
W=$("$HOTLINE" withdraw --dir "$A" "$R2") || bad "withdraw"
carry "$W"
check "withdrawn at bb" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R2'")" = withdrawn ]
expect "an answer to a withdrawn request" 1 '' \
    "hotline reply: $(printf '%.12s' "$R2") was withdrawn by cert.aa; use --force to send anyway" \
    -- reply --dir "$B" "$R2" --final --body "$T/answer.json"
expect "forced" 0 '*' '' -- reply --dir "$B" "$R2" --force --body "$T/answer.json"
check "still withdrawn" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R2'")" = withdrawn ]

# An answer marked for a wider audience than its TLP:RED request.
for t in clear AMBER amber+strict; do
	low=$(printf '%s' "$t" | tr 'A-Z' 'a-z')
	expect "--tlp $t on a red request" 1 '' \
	    "hotline reply: --tlp $low is lower than TLP:red, the request's marking; use --force to send anyway" \
	    -- reply --dir "$B" "$R3" --tlp "$t" --body "$T/answer.json"
done
check "no answer to R3 queued" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE type = 'response' AND refs LIKE '%$R3%'")" = 0 ]
run reply --dir "$B" "$R3" --body "$T/answer.json"
check "unmarked, the answer takes the request's TLP:red" [ "$rc" = 0 ] && \
    check "and is red" [ "$(sql "$B" "SELECT tlp FROM messages WHERE id = '$out'")" = red ]
run reply --dir "$B" "$R3" --final --tlp CLEAR --force --body "$T/answer.json"
check "forced, clear" [ "$rc" = 0 ] && \
    check "and is clear" [ "$(sql "$B" "SELECT tlp FROM messages WHERE id = '$out'")" = clear ]

# ping: queued, but nothing goes without a daemon, and it says so.
run ping --dir "$A" cert.bb
check "ping: exit 0 (queued)" [ "$rc" = 0 ]
check "ping: prints its id" [ "${#out}" = 64 ]
check "ping: says no daemon is running" [ "$err" = \
    "hotline ping: queued, but no daemon is running: it goes when hotline serve starts" ]
run ping --dir "$A" --wait cert.bb
check "ping --wait: exit 1 with no daemon" [ "$rc" = 1 ]
check "ping --wait: says so" [ "$err" = \
    "hotline ping: queued, but no daemon is running: it goes when hotline serve starts" ]
expect "--timeout needs --wait" 2 '' "hotline ping: --timeout: only with --wait" \
    -- ping --dir "$A" --timeout 5s cert.bb
expect "--timeout takes a duration" 2 '' "hotline ping: --timeout 'soon': not a duration (10s, 2m)" \
    -- ping --dir "$A" --wait --timeout soon cert.bb
# A daemon holds DIR/serve.lock (flock): one is running, none answers.
# The subshell becomes the sleep, holding the lock: killing it frees it.
(exec 9>"$A/serve.lock"; flock 9; exec sleep 600) &
HOLDER=$!
wait_lock() { ! flock -n "$A/serve.lock" true; }
i=0
while ! wait_lock && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run ping --dir "$A" cert.bb
check "ping with a daemon: exit 0, nothing said" [ "$rc:$err" = "0:" ]
run ping --dir "$A" --wait --timeout 1s cert.bb
check "ping --wait: exit 1 when no pong comes" [ "$rc" = 1 ]
check "ping --wait: says what happened" [ "$err" = \
    "hotline ping: no pong from cert.bb within 1s; the ping stays queued and hotline status shows its round trip when the pong comes" ]
check "ping --wait: still prints its id" [ "${#out}" = 64 ]
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
run ping --dir "$A" cert.bb
check "the holder gone, no daemon again" [ "$err" = \
    "hotline ping: queued, but no daemon is running: it goes when hotline serve starts" ]

# --replace shows the key it replaces and the new one.
key_of() { sql "$A" "SELECT vkey || ' tls_pin ' || tls_pin FROM peers WHERE party = 'cert.bb'"; }
old=$(key_of)
B2=$T/bb2
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B2" >/dev/null || bad "init bb2"
"$HOTLINE" id --dir "$B2" >"$T/bb2.card"
new=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["key"], "tls_pin", c["tls_pin"])' "$T/bb2.card")
expect "--replace: both keys" 0 "replaced cert.bb (BB, cert)
  old key $old
  new key $new" '' -- peer add --replace --dir "$A" "$T/bb2.card"
check "the new card is pinned" [ "$(key_of)" = "$new" ]
expect "again: already pinned" 0 "already pinned cert.bb (BB, cert) key ${new% tls_pin *}" '' \
    -- peer add --replace --dir "$A" "$T/bb2.card"

# peer remove: unpinned, its evidence kept, its queue waiting.
msgs=$(sql "$A" 'SELECT count(*) FROM messages')
leaves=$(sql "$A" 'SELECT count(*) FROM log_leaves')
queued=$(sql "$A" "SELECT count(*) FROM messages WHERE dir = 'out' AND peer = 'cert.bb' AND receipt IS NULL")
check "some messages wait for bb" [ "$queued" -gt 1 ]
expect "remove bb" 0 "removed cert.bb (BB, cert) key ${new% tls_pin *}
$queued messages to cert.bb stay queued, undelivered unless it is pinned again" '' \
    -- peer remove --dir "$A" cert.bb
check "bb is no longer pinned" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 0 ]
check "no message erased" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = "$msgs" ]
check "no leaf erased" [ "$(sql "$A" 'SELECT count(*) FROM log_leaves')" = "$leaves" ]
check "both of bb's cards kept, the replaced and the removed" [ "$(sql "$A" \
    "SELECT count(*) FROM retired_peers WHERE party = 'cert.bb'")" = 2 ]
check "a kept card cannot be deleted" sh -c "! sqlite3 '$A/hotline.db' 'DELETE FROM retired_peers' 2>/dev/null"
check "still both" [ "$(sql "$A" 'SELECT count(*) FROM retired_peers')" = 2 ]
expect "remove it again" 1 '' "hotline peer remove: cert.bb: no such peer" \
    -- peer remove --dir "$A" cert.bb
expect "remove a typo" 1 '' "hotline peer remove: cert.zz: no such peer" \
    -- peer remove --dir "$A" cert.zz
expect "send to the removed peer" 1 '' \
    "hotline send: unknown peer cert.bb: pin its card with hotline peer add" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/q.json"
run report --dir "$A" --peer cert.bb --json
check "its history still reports" [ "$rc:$(asked)" = "0:3" ]
expect "the log still verifies" 0 '*' '' -- log verify --dir "$A"
# bb (the first key) answered: from a removed peer nothing is accepted.
"$HOTLINE" show --raw --dir "$B" "$(sql "$B" "SELECT id FROM messages WHERE dir = 'out' ORDER BY seq LIMIT 1")" >"$T/answer.env"
run accept --dir "$A" "$T/answer.env"
check "nothing accepted from a removed peer" [ "$rc" = 1 ]
check "no message added" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = "$msgs" ]
expect "peer remove takes one peer" 2 '*' '*' -- peer remove --dir "$A"

# Removing is no way round --replace: other keys than the removed
# card's are refused without it.
expect "re-add bb with its first keys" 1 '' \
    "hotline peer add: $T/bb.card: cert.bb was pinned with other keys until it was removed; give --replace to pin these" \
    -- peer add --dir "$A" "$T/bb.card"
check "nothing pinned" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 0 ]

# Pinned again, it is a peer again and its queue is due.
expect "re-add bb" 0 "pinned cert.bb (BB, cert) key ${new% tls_pin *}" '' \
    -- peer add --dir "$A" "$T/bb2.card"
check "one card pinned" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 1 ]
expect "send again" 0 '*' '' -- send --dir "$A" --to cert.bb --type query --body "$T/q.json"
check "the queue waits as it was, plus one" [ "$(sql "$A" "SELECT count(*) FROM messages WHERE dir = 'out' \
    AND peer = 'cert.bb' AND receipt IS NULL")" = $((queued + 1)) ]

finish
