#!/bin/sh
# peer add refuses another card for a pinned party (unless --replace),
# this node's own, a forged one, what is not a card; the pin is kept.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa bb
A=$T/aa
B=$T/bb
B2=$T/bb2
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B2" >/dev/null
"$HOTLINE" id --dir "$B2" >"$T/bb2.card"
expect "pin bb" 0 '*' '' -- peer add --dir "$A" "$T/bb.card"
expect "other card for bb" 1 '' \
    "hotline peer add: $T/bb2.card: a different card is pinned for cert.bb; give --replace to replace it" \
    -- peer add --dir "$A" "$T/bb2.card"
check "old pin kept" [ "$(sql "$A" 'SELECT card FROM peers')" = "$(cat "$T/bb.card")" ]
expect "pin self" 1 '' "hotline peer add: $T/aa.card: party: cert.aa is this node itself" \
    -- peer add --dir "$A" "$T/aa.card"
sed 's/"state":"BB"/"state":"BC"/' "$T/bb.card" >"$T/forged.card"
expect "forged card" 1 '' \
    "hotline peer add: $T/forged.card: sig: cert.bb's card is not signed by the identity key it names" \
    -- peer add --dir "$A" "$T/forged.card"
expect "card not JSON" 1 '' \
    "hotline peer add: $A/hotline.conf: byte 0: '[' or '{' expected near '#'" \
    -- peer add --dir "$A" "$A/hotline.conf"
expect "card is a directory" 1 '' "hotline peer add: $T: is a directory" \
    -- peer add --dir "$A" "$T"
head -c 9000 /dev/zero | tr '\0' ' ' >"$T/big.card"
expect "card too large" 1 '' "hotline peer add: $T/big.card: larger than 8192 bytes" \
    -- peer add --dir "$A" "$T/big.card"
expect "replace" 0 '*' '' -- peer add --replace --dir "$A" "$T/bb2.card"
check "new pin" [ "$(sql "$A" 'SELECT card FROM peers')" = "$(cat "$T/bb2.card")" ]
finish
