#!/bin/sh
# A rotation while messages flow both ways: aa rotates its message key
# and its TLS key (hotline key rotate --message --tls, a grace of 6 s)
# in the middle of a stream. Every message arrives exactly once and
# nothing is refused: bb takes aa's card from the notice, signed by the
# old key, before anything signed by the new one, and takes the old key
# and pin until the grace ends. Both logs and both bundles verify, with
# nothing flagged. After the grace, a message signed by aa's old key (a
# copy of aa's directory kept from before) is refused key-revoked, and
# aa's old TLS key no longer speaks for aa.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"

# json EXPR: EXPR over the JSON on stdin, as d, printed.
json() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# sent NAME: how many messages NAME has sent.
sent() {
	sql "$T/$1" "SELECT count(*) FROM messages WHERE dir = 'out'"
}

# refusals NAME: the lines of NAME's daemon log that say a peer refused
# something or something of a peer's was refused (on the wire, a
# receipt, a cosignature); a connection that failed (a daemon starting
# or restarting, its transfers cut short) is no refusal.
refusals() {
	grep -i 'refused\|problem=\|not delivered\|not cosigned\|bad cosignature' \
	    "$T/$1.log" | grep -v -i "couldn't connect\|ssl connect error\|connection refused\|timed out\|recv failure\|send failure\|empty reply\|aborted by an application callback"
}

# no_refusals NAME: none, or they are shown.
no_refusals() {
	if [ -n "$(refusals "$1")" ]; then
		refusals "$1" | sed "s|^|$1.log: |" >&2
		return 1
	fi
}

node aa AA
node bb BB
pin aa bb
start aa
start bb
# aa as it is before the rotation: its old message key and TLS key.
stop aa
cp -a "$T/aa" "$T/aa.old"
start aa

# traffic K: K queries from aa to bb and K from bb to aa, one pair at a
# time, while the daemons deliver.
traffic() {
	i=0
	while [ "$i" -lt "$1" ]; do
		i=$((i + 1))
		printf '{"summary":"aa %s"}' "$i" >"$T/qa.json"
		printf '{"summary":"bb %s"}' "$i" >"$T/qb.json"
		"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query \
		    --body "$T/qa.json" >/dev/null || echo "aa send $i" >>"$T/sendfail"
		"$HOTLINE" send --dir "$T/bb" --to cert.aa --type query \
		    --body "$T/qb.json" >/dev/null || echo "bb send $i" >>"$T/sendfail"
		sleep 0.2
	done
}

# delivered_at_least NAME N: N or more of NAME's sent messages receipted.
delivered_at_least() {
	[ "$(sql "$T/$1" "SELECT count(*) FROM messages WHERE dir = 'out' AND \
	    receipt IS NOT NULL")" -ge "$2" ]
}

traffic 12 &
loop=$!
wait_for "a few of aa's delivered before the rotation" delivered_at_least aa 3
old_key=$("$HOTLINE" id --dir "$T/aa" | json 'd["key"]')
old_pin=$("$HOTLINE" id --dir "$T/aa" | json 'd["tls_pin"]')
rotated_at=$(date +%s)
runs=$(served aa)
expect "key rotate" 0 '*' '' -- key rotate --message --tls --grace 6s \
    --identity "$T/aa/identity.key" --dir "$T/aa"
new_key=$("$HOTLINE" id --dir "$T/aa" | json 'd["key"]')
new_pin=$("$HOTLINE" id --dir "$T/aa" | json 'd["tls_pin"]')
check "a new message key" [ -n "$new_key" -a "$new_key" != "$old_key" ]
check "a new TLS pin" [ -n "$new_pin" -a "$new_pin" != "$old_pin" ]
wait_for "aa's daemon took up the new key (SIGHUP)" served_more aa "$runs"
wait "$loop"
check "every send was queued" [ ! -e "$T/sendfail" ]

# 12 queries and the notice from aa, 12 queries from bb: all receipted.
check "aa sent 13" [ "$(sent aa)" = 13 ]
check "bb sent 12" [ "$(sent bb)" = 12 ]
wait_for "all of aa's delivered" delivered aa 13
wait_for "all of bb's delivered" delivered bb 12
check "bb stored aa's 13 once each, seq 1 to 13" [ "$(sql "$T/bb" "SELECT \
    count(*), count(DISTINCT id), min(seq), max(seq) FROM messages \
    WHERE dir = 'in'")" = "13|13|1|13" ]
check "aa stored bb's 12 once each, seq 1 to 12" [ "$(sql "$T/aa" "SELECT \
    count(*), count(DISTINCT id), min(seq), max(seq) FROM messages \
    WHERE dir = 'in'")" = "12|12|1|12" ]
check "no refused alarm at aa" [ "$(sql "$T/aa" "SELECT count(*) FROM alarms \
    WHERE kind = 'refused'")" = 0 ]
check "no refused alarm at bb" [ "$(sql "$T/bb" "SELECT count(*) FROM alarms \
    WHERE kind = 'refused'")" = 0 ]

# bb's pin of aa: the new card, and its peer-card leaf.
run peer list --json --dir "$T/bb"
check "bb pins aa's new message key" [ "$(printf '%s' "$out" | json 'd[0]["key"]')" = "$new_key" ]
check "bb pins aa's new TLS pin" [ "$(printf '%s' "$out" | json 'd[0]["tls_pin"]')" = "$new_pin" ]
check "bb pins aa's card serial 2" [ "$(sql "$T/bb" "SELECT \
    json_extract(card, '$.serial') FROM peers WHERE party = 'cert.aa'")" = 2 ]
check "bb's pinned card keeps the old key as rotated" [ "$(sql "$T/bb" "SELECT \
    json_extract(card, '$.retired[0].key') || ' ' || \
    json_extract(card, '$.retired[0].why') FROM peers WHERE party = 'cert.aa'")" = "$old_key rotated" ]
check "bb logged a peer-card leaf for aa's serial 2" [ "$(sql "$T/bb" "SELECT \
    json_extract(data, '$.card.party') || ' ' || json_extract(data, '$.card.serial') \
    FROM log_leaves WHERE json_extract(data, '$.event') = 'peer-card'")" = "cert.aa 2" ]
check "aa logged a card leaf for serial 2" [ "$(sql "$T/aa" "SELECT count(*) \
    FROM log_leaves WHERE json_extract(data, '$.event') = 'card' AND \
    json_extract(data, '$.card.serial') = 2")" = 1 ]

# Witnessed both ways, then the logs and bundles.
wait_for "aa's head cosigned by bb" cosigned aa bb
wait_for "bb's head cosigned by aa" cosigned bb aa
expect "aa's log verifies" 0 '*' '' -- log verify --dir "$T/aa"
expect "bb's log verifies" 0 '*' '' -- log verify --dir "$T/bb"
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa.bundle" >/dev/null || bad "aa's bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
expect "aa's bundle verifies, nothing flagged" 0 '*' '' -- verify "$T/aa.bundle"
check "no flagged line" [ "$(printf '%s' "$out" | grep -c '^flagged')" = 0 ]
expect "bb's bundle verifies, nothing flagged" 0 '*' '' -- verify "$T/bb.bundle"
expect "the two against each other" 0 '*' '' -- verify "$T/aa.bundle" "$T/bb.bundle"
run verify --json "$T/aa.bundle" "$T/bb.bundle"
check "--json: flagged is empty" [ "$(printf '%s' "$out" | json '[b["flagged"] for b in d["bundles"]]')" = "[[], []]" ]
check "aa's bundle names aa's card serial 2" [ "$(python3 -c "import json,sys; \
    b=json.load(open(sys.argv[1])); print(json.loads(b['cards'][0])['serial'])" "$T/aa.bundle")" = 2 ]
# Nothing refused by either daemon, on the wire or in cosigning.
check "nothing refused in aa's log" no_refusals aa
check "nothing refused in bb's log" no_refusals bb

# After the grace: aa's old key and old TLS key are refused.
# past T: the clock is past T (Unix seconds).
past() {
	[ "$(date +%s)" -gt "$1" ]
}
wait_for "the grace's end" past $((rotated_at + 7))
printf '{"summary":"from the old key"}' >"$T/old.json"
oid=$("$HOTLINE" send --dir "$T/aa.old" --to cert.bb --type query --body "$T/old.json")
"$HOTLINE" show --dir "$T/aa.old" --raw "$oid" >"$T/old.msg"
wire bb /v1/messages --cert "$T/aa/tls.crt" --key "$T/aa/tls.key" \
    -H 'Content-Type: application/json' --data-binary "@$T/old.msg"
check "the old key's message: 403" [ "$status" = 403 ]
check "the old key's message: key-revoked" [ "$(problem)" = "urn:hotline:problem:key-revoked" ]
check "bb says which key" grep -q "refused peer=cert.aa problem=key-revoked msg=$(printf '%.12s' "$oid")" "$T/bb.log"
check "bb stored nothing more" [ "$(sql "$T/bb" "SELECT count(*) FROM messages \
    WHERE dir = 'in'")" = 13 ]
wire bb /v1/messages --cert "$T/aa.old/tls.crt" --key "$T/aa.old/tls.key" \
    -H 'Content-Type: application/json' --data-binary "@$T/old.msg"
check "the old TLS key speaks for nobody" [ "$status" != 200 ]
check "bb logs the retired TLS key" grep -q "refused TLS key peer=cert.aa .*pin=$old_pin" "$T/bb.log"
finish
