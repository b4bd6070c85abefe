#!/bin/sh
# Two daemons, aa's card valid for seconds. Past its end: bb's daemon
# holds what it queued to aa (a card-expired alarm on aa), and refuses on
# the wire, 403 card-expired, what aa made after the end. aa renews: its
# notice is taken though bb's pin of it has ended, the alarm clears, and
# what bb held is delivered.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"
DATED=${DATED:?set DATED to the dated test helper}

PORT_aa=$(free_port)
PARTY_aa=cert.aa
"$HOTLINE" init --party cert.aa --state AA --tier cert --listen "127.0.0.1:$PORT_aa" \
    --dir "$T/aa" --valid 8s >/dev/null || bad "init aa"
"$HOTLINE" id --json --dir "$T/aa" >"$T/aa.card"
fixture bb
pin aa bb
na=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["not_after"])' "$T/aa.card")
na_s=$(date -u -d "$na" +%s)
printf '{"summary":"anyone?"}' >"$T/q.json"
# Made by a copy of aa, dated at its card's end.
cp -a "$T/aa" "$T/aacopy"
late=$("$DATED" "$T/aacopy" cert.bb query "$na_s" "$T/q.json") || bad "dated"
"$HOTLINE" show --dir "$T/aacopy" --raw "$late" >"$T/late.json"
start bb
held=$("$HOTLINE" send --dir "$T/bb" --to cert.aa --type query --body "$T/q.json")
while [ "$(date +%s)" -le "$na_s" ]; do sleep 1; done

expired_alarm() {
	"$HOTLINE" status --check --dir "$T/bb" | grep -q '^ALARM card-expired peer=cert.aa'
}
wait_for "bb's card-expired alarm on aa" expired_alarm
check "bb holds its query" state_is bb "$held" queued
AUTH="--cert $T/aa/tls.crt --key $T/aa/tls.key"
# shellcheck disable=SC2086
wire bb /v1/messages $AUTH -H 'Content-Type: application/json' --data-binary "@$T/late.json"
check "what aa made at its end: 403" [ "$status" = 403 ]
check "card-expired" [ "$(problem)" = urn:hotline:problem:card-expired ]
check "not stored" [ "$(sql "$T/bb" "SELECT count(*) FROM messages WHERE dir = 'in'")" = 0 ]

expect "aa renews" 0 '*' '' -- key rotate --identity "$T/aa/identity.key" --dir "$T/aa"
start aa
pinned2() {
	[ "$(sql "$T/bb" "SELECT json_extract(card, '$.serial') FROM peers WHERE party = 'cert.aa'")" = 2 ]
}
wait_for "bb pins aa's serial 2" pinned2
wait_for "what bb held is delivered" state_is bb "$held" delivered
run status --check --dir "$T/bb"
check "the alarm is cleared" [ "$out" = "OK cert.bb: no alarms" ]
finish
