#!/bin/sh
# One peer per TLS pin: a card claiming a pinned party's TLS key (or this
# node's own) is refused by peer add, naming whose it is, with or without
# --replace; replacing the party itself stays allowed; the store keeps
# the real party's row either way.
. "$(dirname "$0")/lib.sh"

two_nodes
pin_of() { sql "$A" "SELECT party FROM peers WHERE tls_pin = (SELECT tls_pin FROM peers WHERE party = '$1')"; }

# zz: its own message key, but bb's TLS certificate in its card.
Z=$T/zz
"$HOTLINE" init --party cert.zz --state ZZ --tier cert --dir "$Z" >/dev/null || bad "init zz"
# A card of version 1, signed by its message key: zz can make one with
# any TLS key (a version 2 card is checked against tls.crt by its node).
v1_node "$Z"
cp "$B/tls.crt" "$B/tls.key" "$Z/"
"$HOTLINE" id --dir "$Z" >"$T/zz.card"
for opt in "" --replace; do
	expect "a card with bb's TLS pin ${opt:-(plain)}" 1 '' \
	    "hotline peer add: $T/zz.card: tls_pin: is the TLS key of cert.bb, already pinned; a TLS key speaks for one party only, so cert.zz cannot have it" \
	    -- peer add $opt --dir "$A" "$T/zz.card"
done
check "zz not pinned" [ "$(sql "$A" "SELECT count(*) FROM peers WHERE party = 'cert.zz'")" = 0 ]
check "bb's pin is still bb's alone" [ "$(pin_of cert.bb)" = cert.bb ]

# A routine replace of bb (a new endpoint, the same TLS key): allowed,
# and the pin still names bb, not an impostor.
sed -i 's|^endpoint = .*|endpoint = https://hotline.cert.bb.example:7443|' "$B/hotline.conf"
"$HOTLINE" key rotate --identity "$B/identity.key" --dir "$B" >/dev/null 2>&1 ||
    bad "re-issue bb's card"
"$HOTLINE" id --dir "$B" >"$T/bb2.card" 2>/dev/null
expect "replace bb with its new card" 0 '*' '' -- peer add --replace --dir "$A" "$T/bb2.card"
check "the new card is pinned" [ "$(sql "$A" "SELECT endpoint FROM peers WHERE party = 'cert.bb'")" = https://hotline.cert.bb.example:7443 ]
check "and the pin names bb" [ "$(pin_of cert.bb)" = cert.bb ]
expect "the impostor is still refused" 1 '' \
    "hotline peer add: $T/zz.card: tls_pin: is the TLS key of cert.bb, already pinned; a TLS key speaks for one party only, so cert.zz cannot have it" \
    -- peer add --dir "$A" "$T/zz.card"

# This node's own TLS key in a peer's card.
cp "$A/tls.crt" "$A/tls.key" "$Z/"
"$HOTLINE" id --dir "$Z" >"$T/zz2.card"
expect "a card with this node's own TLS pin" 1 '' \
    "hotline peer add: $T/zz2.card: tls_pin: is this node's own TLS key, not cert.zz's" \
    -- peer add --dir "$A" "$T/zz2.card"

# The store refuses it too, whatever the command line did.
out=$(sqlite3 "$A/hotline.db" "INSERT INTO peers SELECT 'cert.yy', state, \
    tier, endpoint, vkey, x'00', tls_pin, card, added FROM peers WHERE \
    party = 'cert.bb'" 2>&1)
unique_refused() { printf '%s\n' "$out" | grep -q 'UNIQUE constraint failed: peers.tls_pin'; }
check "the store's unique index refuses a second row with bb's pin" unique_refused
check "one row per pin" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 1 ]
finish
