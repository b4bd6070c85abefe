#!/bin/sh
# A key-rotation notice handed to a peer with hotline accept: its card
# replaces the one pinned (the old kept among the retired), a peer-card
# leaf and a peer-card event; in any spelling; again is fine. Refused,
# with nothing stored: a card of another identity key, of a lower serial,
# of another party, expired, tampered with, not a card, and any card from
# a peer pinned with a version 1 card. (A card on another kind of notice
# is the schema's: tests/unit/test_schema.c.)
. "$(dirname "$0")/../lib.sh"
DATED=${DATED:?set DATED to the dated test helper}

two_nodes
C=$T/cc
"$HOTLINE" init --party cert.cc --state CC --tier cert --dir "$C" \
    --listen 127.0.0.1:7103 >/dev/null || bad "init cc"
"$HOTLINE" id --json --dir "$C" >"$T/cc2.card"
v1_node "$C"
"$HOTLINE" id --json --dir "$C" >"$T/cc.card"
"$HOTLINE" peer add --dir "$B" "$T/cc.card" >/dev/null || bad "pin cc"
"$HOTLINE" peer add --dir "$C" "$T/bb.card" >/dev/null || bad "pin bb at cc"
# An impostor of cert.aa: another identity key.
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$T/xa" \
    --listen 127.0.0.1:7101 >/dev/null || bad "init xa"
"$HOTLINE" id --json --dir "$T/xa" >"$T/xa.card"
"$HOTLINE" id --json --dir "$A" >"$T/aa1.card"

# notice DIR CARDFILE NAME [KIND]: a key notice from DIR to bb carrying
# the card, signed by DIR's message key, in $T/NAME.json.
notice() {
	python3 -c 'import json,sys
print(json.dumps({"kind": sys.argv[2], "summary": "a new card",
    "card": json.load(open(sys.argv[1]))}, indent=2))' "$2" "${4:-key-rotation}" >"$T/body.json"
	nid=$("$DATED" "$1" cert.bb notice "$(date +%s)" "$T/body.json") || bad "dated $3"
	"$HOTLINE" show --dir "$1" --raw "$nid" >"$T/$3.json" || bad "show $3"
}
# from_clone NAME CARDFILE: the same from a copy of aa (its key, its next
# seq), so that each refusal is tried on its own.
from_clone() {
	rm -rf "$T/clone"
	cp -a "$A" "$T/clone"
	notice "$T/clone" "$2" "$1"
}
state() {
	printf '%s/%s/%s/%s' "$(sql "$B" "SELECT json_extract(card, '$.serial') FROM peers WHERE party = 'cert.aa'")" \
	    "$(sql "$B" "SELECT count(*) FROM messages")" \
	    "$(sql "$B" "SELECT count(*) FROM log_leaves")" \
	    "$(sql "$B" "SELECT count(*) FROM retired_peers")"
}

# The good one first: aa renews; bb takes the notice it queued.
"$HOTLINE" key rotate --identity "$A/identity.key" --dir "$A" >/dev/null 2>&1 || bad "renew aa"
"$HOTLINE" id --json --dir "$A" >"$T/aa2.card"
n1=$(sql "$A" "SELECT id FROM messages WHERE peer = 'cert.bb' AND type = 'notice'")
"$HOTLINE" show --dir "$A" --raw "$n1" >"$T/n1.json"
s0=$(state)
check "before: serial 1 pinned" [ "$s0" = "1/0/0/0" ]
expect "the notice is taken" 0 "accepted $n1 from cert.aa seq 1" '' -- accept --dir "$B" "$T/n1.json"
check "serial 2 pinned, the old card retired, a received and a peer-card leaf" [ "$(state)" = "2/1/2/1" ]
check "the pinned card is the notice's" [ "$(sql "$B" "SELECT card FROM peers WHERE party = 'cert.aa'")" = "$(cat "$T/aa2.card")" ]
check "the retired card is serial 1" [ "$(sql "$B" "SELECT card FROM retired_peers")" = "$(cat "$T/aa1.card")" ]
sha=$(tr -d '\n' <"$T/aa2.card" | sha256sum | cut -d' ' -f1)
check "the peer-card leaf" [ "$(sql "$B" "SELECT json_extract(data, '$.card') FROM log_leaves WHERE json_extract(data, '$.event') = 'peer-card'")" = \
    "{\"party\":\"cert.aa\",\"serial\":2,\"sha256\":\"$sha\"}" ]
check "the received leaf names the kind" [ "$(sql "$B" "SELECT json_extract(data, '$.msg.kind') FROM log_leaves WHERE json_extract(data, '$.event') = 'received'")" = key-rotation ]
check "a peer-card event" [ "$(sql "$B" "SELECT kind, json_extract(body, '$.detail') FROM events")" = \
    "peer-card|cert.aa's card serial 2 pinned (was serial 1)" ]
expect "bb's log verifies" 0 "log verified: 2 leaves, 2 checkpoints, 0 cosignatures" '' \
    -- log verify --dir "$B"

# The same card again, re-indented (any spelling is the same card): fine.
notice "$A" "$T/aa2.card" again
expect "the same card again" 0 "accepted $nid from cert.aa seq 2" '' -- accept --dir "$B" "$T/again.json"
check "nothing more pinned or logged but the message" [ "$(state)" = "2/2/3/1" ]
s1=$(state)

# Refusals, each from a copy of aa at its next seq: nothing is stored.
from_clone other "$T/xa.card"
expect "another identity key" 1 '' \
    "hotline accept: $T/other.json: body.card.identity: is not the identity key pinned for cert.aa" \
    -- accept --dir "$B" "$T/other.json"
from_clone lower "$T/aa1.card"
expect "a lower serial" 1 '' \
    "hotline accept: $T/lower.json: body.card.serial: 1 is not after the pinned serial 2" \
    -- accept --dir "$B" "$T/lower.json"
from_clone party "$T/cc2.card"
expect "another party's card" 1 '' \
    "hotline accept: $T/party.json: body.card.party: is cert.cc, not the sender cert.aa" \
    -- accept --dir "$B" "$T/party.json"
# Its serial raised after it was signed.
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["serial"]=3; print(json.dumps(c))' "$T/aa2.card" >"$T/forged.card"
from_clone forged "$T/forged.card"
expect "a card not signed by its identity key" 1 '' \
    "hotline accept: $T/forged.json: body.card.sig: cert.aa's card is not signed by the identity key it names" \
    -- accept --dir "$B" "$T/forged.json"
printf '{"v":2}' >"$T/junk.card"
from_clone junk "$T/junk.card"
expect "not a card" 1 '' \
    "hotline accept: $T/junk.json: body.card.party: must be a party id ([a-z0-9.-]{1,64})" \
    -- accept --dir "$B" "$T/junk.json"
# Expired: a copy of aa renews for two seconds; its notice comes later.
rm -rf "$T/clone"
cp -a "$A" "$T/clone"
"$HOTLINE" key rotate --valid 2s --identity "$T/clone/identity.key" --dir "$T/clone" >/dev/null 2>&1 || bad "short renewal"
"$HOTLINE" id --json --dir "$T/clone" >"$T/short.card"
ns=$(sql "$T/clone" "SELECT id FROM messages WHERE peer = 'cert.bb' AND type = 'notice' ORDER BY seq DESC LIMIT 1")
"$HOTLINE" show --dir "$T/clone" --raw "$ns" >"$T/short.json"
sleep 3
na=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["not_after"])' "$T/short.card")
expect "an expired card" 1 '' \
    "hotline accept: $T/short.json: body.card.not_after: cert.aa's card serial 3 is expired at $na" \
    -- accept --dir "$B" "$T/short.json"
check "none of them changed anything" [ "$(state)" = "$s1" ]

# cc is pinned with a version 1 card: no identity to check a card by.
notice "$C" "$T/cc2.card" v1
expect "a peer pinned with a version 1 card" 1 '' \
    "hotline accept: $T/v1.json: body.card: cert.cc is pinned with a version 1 card: re-pin out of band" \
    -- accept --dir "$B" "$T/v1.json"
check "cc's pin is as it was" [ "$(sql "$B" "SELECT card FROM peers WHERE party = 'cert.cc'")" = "$(cat "$T/cc.card")" ]

# peer add --replace of a changed card: a peer-card leaf too.
"$HOTLINE" key rotate --identity "$A/identity.key" --dir "$A" >/dev/null 2>&1 || bad "renew aa again"
"$HOTLINE" id --json --dir "$A" >"$T/aa3.card"
expect "pinned out of band" 0 '*' '' -- peer add --replace --dir "$B" "$T/aa3.card"
check "a peer-card leaf for serial 3" [ "$(sql "$B" "SELECT json_extract(data, '$.card.serial') FROM log_leaves WHERE json_extract(data, '$.event') = 'peer-card' ORDER BY idx DESC LIMIT 1")" = 3 ]
expect "the same card again adds nothing" 0 '*' '' -- peer add --replace --dir "$B" "$T/aa3.card"
check "two peer-card leaves in all" [ "$(sql "$B" "SELECT count(*) FROM log_leaves WHERE json_extract(data, '$.event') = 'peer-card'")" = 2 ]
finish
