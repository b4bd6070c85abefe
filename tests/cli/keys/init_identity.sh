#!/bin/sh
# hotline init makes the identity key (DIR/identity.key, or --identity-out
# FILE, never overwritten) and the node's first card, version 2 serial 1,
# valid for card_validity or --valid; the TLS certificate is valid exactly
# as long; hotline id prints the card (stdout) and its serial, validity
# and identity key (stderr).
. "$(dirname "$0")/../lib.sh"

A=$T/aa
B=$T/bb
PA=$(free_port)
card() { printf '%s' "$1" | python3 -c "import json,sys; c=json.load(sys.stdin); print($2)"; }

expect "init aa" 0 '*' '' -- init --party cert.aa --state AA --tier cert \
    --listen "127.0.0.1:$PA" --dir "$A"
check "identity.key is 0600" [ "$(stat -c %a "$A/identity.key")" = 600 ]
check "it is the party's identity key" [ "$(cut -d+ -f3 "$A/identity.key")" = \
    hotline/cert.aa/identity ]
run id --dir "$A"
c=$out
# id: the card on stdout (what a peer pins), the summary on stderr.
check "id's stderr: serial, validity, identity" [ "$err" = "serial:   1
valid:    $(card "$c" 'c["not_before"]') until $(card "$c" 'c["not_after"]')
identity: $(card "$c" 'c["identity"]')" ]
check "the card is version 2, serial 1" [ "$(card "$c" 'c["v"], c["serial"]')" = "2 1" ]
check "the card's members, exactly" [ "$(card "$c" '" ".join(sorted(c))')" = \
    "endpoint identity key not_after not_before party serial sig state tier tls_pin v" ]
check "no retired list on a first card" [ "$(card "$c" '"retired" in c')" = False ]
run init --party cert.cc --state CC --tier cert --listen "127.0.0.1:$(free_port)" \
    --dir "$T/cc"
idline=$(printf '%s\n' "$out" | sed -n 5p)
cardline=$(printf '%s\n' "$out" | sed -n 6p)
moveline=$(printf '%s\n' "$out" | sed -n 7p)
cc=$("$HOTLINE" id --dir "$T/cc" 2>/dev/null)
check "init names the identity key" [ "$idline" = "identity:    $(card "$cc" 'c["identity"]')" ]
check "init names the card's serial and expiry" [ "$cardline" = \
    "card:        serial 1, valid until $(card "$cc" 'c["not_after"]')" ]
check "init says to move the key offline" [ "$moveline" = \
    "move $T/cc/identity.key offline now: it signs new versions of this card only (hotline key rotate|revoke --identity FILE), and nothing else reads it" ]

# Valid for card_validity (365 days) from its making, to the second.
nb=$(card "$c" 'c["not_before"]')
na=$(card "$c" 'c["not_after"]')
check "valid 365 days" [ $(( $(date -u -d "$na" +%s) - $(date -u -d "$nb" +%s) )) = $((365 * 86400)) ]
check "made now" [ $(( $(date +%s) - $(date -u -d "$nb" +%s) )) -lt 600 ]
# The TLS certificate: exactly the card's validity, no more ten years.
dates=$(openssl x509 -noout -dates -in "$A/tls.crt")
check "the certificate starts with the card" [ "$(date -u -d "$(printf '%s\n' "$dates" | \
    sed -n 's/^notBefore=//p')" +%Y-%m-%dT%H:%M:%SZ)" = "$nb" ]
check "the certificate ends with the card" [ "$(date -u -d "$(printf '%s\n' "$dates" | \
    sed -n 's/^notAfter=//p')" +%Y-%m-%dT%H:%M:%SZ)" = "$na" ]
check "the card pins tls.crt" [ "$(card "$c" 'c["tls_pin"]')" = \
    "sha256//$(openssl x509 -in "$A/tls.crt" -noout -pubkey | openssl pkey -pubin -outform DER | \
    openssl dgst -sha256 -binary | base64)" ]

expect "id --json: the card alone" 0 "$c" '' -- id --json --dir "$A"
expect "the card is the stored one" 0 "$c" '' -- id --json --dir "$A"
check "own_cards holds it" [ "$(sql "$A" "SELECT serial, card FROM own_cards")" = "1|$c" ]

# --identity-out: the key goes there, the directory holds none.
expect "init with --identity-out and --valid" 0 '*' '' -- init --party cert.bb \
    --state BB --tier cert --listen "127.0.0.1:$(free_port)" --dir "$B" \
    --identity-out "$T/bb.identity" --valid 30d
check "no identity.key in the directory" [ ! -e "$B/identity.key" ]
check "the key file is 0600" [ "$(stat -c %a "$T/bb.identity")" = 600 ]
b=$("$HOTLINE" id --json --dir "$B")
check "--valid 30d" [ $(( $(date -u -d "$(card "$b" 'c["not_after"]')" +%s) - \
    $(date -u -d "$(card "$b" 'c["not_before"]')" +%s) )) = $((30 * 86400)) ]
check "the out file's key is the card's identity" [ "$(cut -d+ -f4 "$T/bb.identity")" = \
    "$(card "$b" 'c["identity"].split("+")[1]')" ]
expect "an identity key is never overwritten" 1 '' \
    "hotline init: $T/bb.identity: exists; refusing to overwrite an identity key" \
    -- init --party cert.dd --state DD --tier cert --dir "$T/dd" --identity-out "$T/bb.identity"
check "and nothing was made" [ ! -e "$T/dd" ]
check "the key is as it was" [ "$(cut -d+ -f4 "$T/bb.identity")" = \
    "$(card "$b" 'c["identity"].split("+")[1]')" ]
expect "--valid must be a duration" 2 '' \
    "hotline init: --valid 'soon': not a duration (90m, 12h, 365d)" \
    -- init --party cert.dd --state DD --tier cert --dir "$T/dd" --valid soon
chmod 644 "$A/identity.key"
expect "the daemon refuses an identity.key others can read" 1 '' \
    "hotline serve: $A/identity.key: open to other users (mode 644); run chmod 600" \
    -- serve -n --dir "$A"
chmod 600 "$A/identity.key"
finish
