#!/bin/sh
# hotline key rotate: renewal (the same keys), --message, --tls: the new
# card in own_cards, its card leaf, one key-rotation notice per pinned
# peer signed by the OLD message key (a peer holding the old card takes
# it), the trail row, the files; a wrong identity key and a node from
# before identity keys are refused; a rotation cut short is finished.
. "$(dirname "$0")/../lib.sh"

two_nodes
C=$T/cc
"$HOTLINE" init --party cert.cc --state CC --tier cert --dir "$C" \
    --listen 127.0.0.1:7103 >/dev/null || bad "init cc"
v1_node "$C"
"$HOTLINE" id --json --dir "$C" >"$T/cc.card"
"$HOTLINE" peer add --dir "$A" "$T/cc.card" >/dev/null || bad "pin cc"
"$HOTLINE" peer add --dir "$C" "$T/aa.card" >/dev/null || bad "pin aa at cc"
card() { "$HOTLINE" id --json --dir "$1" | python3 -c "import json,sys; c=json.load(sys.stdin); print($2)"; }
leaves() { sql "$A" "SELECT count(*) FROM log_leaves"; }
notices() { sql "$A" "SELECT count(*) FROM messages WHERE dir = 'out' AND type = 'notice'"; }
# hand_over N: the Nth notice to bb, as sent, accepted by bb.
hand_over() {
	nid=$(sql "$A" "SELECT id FROM messages WHERE dir = 'out' AND peer = 'cert.bb' AND seq = $1")
	"$HOTLINE" show --dir "$A" --raw "$nid" >"$T/n$1.json"
}
W="hotline key rotate: warning: cert.cc is pinned with a version 1 card: it cannot check this card by an identity key and will refuse the notice; hand it the new card (hotline id) to pin with peer add --replace"

# Renewal: a new serial and validity, the same keys.
key0=$(card "$A" 'c["key"]')
pin0=$(card "$A" 'c["tls_pin"]')
l0=$(leaves)
run key rotate --identity "$A/identity.key" --dir "$A"
check "renewal exits 0" [ "$rc" = 0 ]
check "renewal says what it made" [ "$out" = "card serial 2, valid until $(card "$A" 'c["not_after"]')
renewed: the same keys" ]
check "the v1 peer is warned of" [ "$err" = "$W" ]
check "serial 2, the same keys" [ "$(card "$A" 'c["serial"], c["key"] == "'"$key0"'", c["tls_pin"] == "'"$pin0"'", "retired" in c')" = "2 True True False" ]
check "two own cards" [ "$(sql "$A" "SELECT group_concat(serial) FROM own_cards")" = "1,2" ]
check "own_cards holds what id shows" [ "$(sql "$A" "SELECT card FROM own_cards WHERE serial = 2")" = "$("$HOTLINE" id --json --dir "$A")" ]
sha=$("$HOTLINE" id --json --dir "$A" | tr -d '\n' | sha256sum | cut -d' ' -f1)
check "the card leaf names its serial and hash" [ "$(sql "$A" "SELECT json_extract(data, '$.card.serial') || ' ' || json_extract(data, '$.card.sha256') FROM log_leaves WHERE json_extract(data, '$.event') = 'card'")" = "2 $sha" ]
check "a leaf for the card and one per notice" [ "$(leaves)" = $((l0 + 3)) ]
check "one notice per pinned peer" [ "$(sql "$A" "SELECT group_concat(peer) FROM (SELECT peer FROM messages WHERE dir = 'out' AND type = 'notice' ORDER BY peer)")" = "cert.bb,cert.cc" ]
check "the trail row" [ "$(sql "$A" "SELECT action, detail FROM audit WHERE action LIKE 'key-%'")" = "key-rotate|serial 2, 2 notices" ]
hand_over 1
check "the notice carries the new card" [ "$(python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["body"]; print(b["kind"], b["card"]["serial"])' "$T/n1.json")" = "key-rotation 2" ]
expect "bb, holding serial 1, takes the renewal" 0 '*' '' -- accept --dir "$B" "$T/n1.json"
check "bb pins serial 2" [ "$(sql "$B" "SELECT json_extract(card, '$.serial') FROM peers WHERE party = 'cert.aa'")" = 2 ]

# --message: a new key; the notice is signed by the old one.
cp "$A/msg.key" "$T/old.key"
run key rotate --message --grace 1h --identity "$A/identity.key" --dir "$A"
check "--message exits 0" [ "$rc" = 0 ]
key1=$(card "$A" 'c["key"]')
until=$(card "$A" '[r["until"] for r in c["retired"] if r.get("key")][0]')
check "--message says what it made" [ "$out" = "card serial 3, valid until $(card "$A" 'c["not_after"]')
message key: $key1 (the old one taken until the grace ends)
grace ends $until" ]
check "a new message key" [ "$key1" != "$key0" ]
check "msg.key is the card's" [ "$(cut -d+ -f3- "$A/msg.key" | cut -d+ -f1-2)" = "$(printf '%s' "$key1" | cut -d+ -f1-2)" ]
check "no msg.key.new is left" [ ! -e "$A/msg.key.new" ]
check "the old key is retired, rotated, for an hour" [ "$(card "$A" 'c["retired"] == [{"key": "'"$key0"'", "until": "'"$until"'", "why": "rotated"}]')" = True ]
check "the grace is an hour" [ $(( $(date -u -d "$until" +%s) - $(date -u -d "$(card "$A" 'c["not_before"]')" +%s) )) = 3600 ]
hand_over 2
expect "the notice verifies with the card bb pinned (the old key)" 0 \
    "valid $nid from cert.aa seq 2" '' -- check --dir "$B" "$T/n2.json"
expect "bb takes it" 0 "accepted $nid from cert.aa seq 2" '' -- accept --dir "$B" "$T/n2.json"
check "bb pins the new key" [ "$(sql "$B" "SELECT vkey FROM peers WHERE party = 'cert.aa'")" = "$key1" ]

# --tls: a new TLS key; the old one kept for its grace.
cp "$A/tls.crt" "$T/old.crt"
run key rotate --tls --identity "$A/identity.key" --dir "$A"
check "--tls exits 0" [ "$rc" = 0 ]
pin1=$(card "$A" 'c["tls_pin"]')
check "--tls says the pin" [ "$(printf '%s\n' "$out" | sed -n 2p)" = \
    "tls pin:     $pin1 (the old one presented until the grace ends)" ]
check "a new pin" [ "$pin1" != "$pin0" ]
check "the old certificate is tls.prev.crt" cmp -s "$T/old.crt" "$A/tls.prev.crt"
check "tls.prev.key is 0600" [ "$(stat -c %a "$A/tls.prev.key")" = 600 ]
check "the old pin is retired, its grace key_grace (24h)" [ "$(card "$A" '[(r["tls_pin"] == "'"$pin0"'", r["why"]) for r in c["retired"] if r.get("tls_pin")]')" = "[(True, 'rotated')]" ]
check "the old key is still listed" [ "$(card "$A" 'len(c["retired"])')" = 2 ]
hand_over 3
expect "the tls notice (by the new message key) is taken" 0 "accepted $nid from cert.aa seq 3" '' \
    -- accept --dir "$B" "$T/n3.json"
check "bb pins serial 4" [ "$(sql "$B" "SELECT json_extract(card, '$.serial'), tls_pin = '$pin1' FROM peers WHERE party = 'cert.aa'")" = "4|1" ]
check "tls.key is tls.crt's" [ "$(openssl x509 -in "$A/tls.crt" -noout -pubkey)" = \
    "$(openssl pkey -in "$A/tls.key" -pubout)" ]
check "trail: three rotations" [ "$(sql "$A" "SELECT count(*) FROM audit WHERE action = 'key-rotate'")" = 3 ]

# Refusals: nothing changes.
n0=$(notices)
expect "another party's identity key" 1 '' \
    "hotline key rotate: $B/identity.key: not the identity key of this node's card (serial 4 names $(card "$A" 'c["identity"]'))" \
    -- key rotate --identity "$B/identity.key" --dir "$A"
expect "a message key is no identity key" 1 '' \
    "hotline key rotate: $A/msg.key: not the identity key of this node's card (serial 4 names $(card "$A" 'c["identity"]'))" \
    -- key rotate --identity "$A/msg.key" --dir "$A"
check "still four cards, no more notices" [ "$(sql "$A" "SELECT count(*) FROM own_cards")/$(notices)" = "4/$n0" ]
expect "a node from before identity keys" 1 '' \
    "hotline key rotate: this node's card is version 1, made before identity keys: it cannot be rotated; re-initialise, or pin a new card out of band (peer add --replace)" \
    -- key rotate --identity "$B/identity.key" --dir "$C"
expect "no identity key given" 2 '*' '*' -- key rotate --message --dir "$A"
chmod 644 "$A/identity.key"
expect "an identity key others can read" 1 '' \
    "hotline key rotate: $A/identity.key: readable by others (mode 644); run chmod 600" \
    -- key rotate --identity "$A/identity.key" --dir "$A"
chmod 600 "$A/identity.key"

# A rotation cut short after its commit: msg.key still the old one, the
# new one in msg.key.new. The next command puts it in place.
cp "$A/msg.key" "$T/key4"
"$HOTLINE" key rotate --message --identity "$A/identity.key" --dir "$A" >/dev/null 2>&1 || bad "rotate 5"
mv "$A/msg.key" "$A/msg.key.new"
cp "$T/key4" "$A/msg.key"
expect "the card of serial 5 still shows" 0 '*' '*' -- id --dir "$A"
check "msg.key.new was put in place" [ ! -e "$A/msg.key.new" ]
check "msg.key is serial 5's" [ "$(cut -d+ -f4 "$A/msg.key")" = "$(card "$A" 'c["key"].split("+")[1]')" ]
# And one that never committed: a stray msg.key.new is removed.
cp "$T/key4" "$A/msg.key.new"
expect "a stray msg.key.new" 0 '*' '*' -- id --dir "$A"
check "is removed" [ ! -e "$A/msg.key.new" ]
# Another endpoint in the config: refused until the card is re-issued.
sed -i 's|^endpoint = .*|endpoint = https://hotline.cert.aa.example:7443|' "$A/hotline.conf"
expect "an endpoint the card does not say" 1 '' \
    "hotline status: $A/hotline.conf: endpoint is https://hotline.cert.aa.example:7443, but this node's card (serial 5) says https://127.0.0.1:7101: run hotline key rotate --identity FILE to re-issue the card with the config's endpoint" \
    -- status --dir "$A"
expect "re-issued" 0 '*' '*' -- key rotate --identity "$A/identity.key" --dir "$A"
check "serial 6 says the new endpoint" [ "$(card "$A" 'c["serial"], c["endpoint"]')" = "6 https://hotline.cert.aa.example:7443" ]
finish
