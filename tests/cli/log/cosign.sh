#!/bin/sh
# Witnessing by files: bb cosigns aa's head, aa takes the cosignature
# back.
. "$(dirname "$0")/log.sh"

# Witnessing: bb cosigns aa's head, aa takes the cosignature back.
expect "cosign first head" 0 '*' '' -- log cosign --peer cert.aa --dir "$B" "$T/head3"
printf '%s\n' "$out" >"$T/head3.cosigned"
expect "aa adds it" 0 "added 1 cosignature" '' -- log cosignature add --dir "$A" "$T/head3.cosigned"
run log head --dir "$A"
check "the head now carries bb's cosignature" [ "$(printf '%s\n' "$out" | grep -c '^— hotline/cert.bb ')" = 1 ]
expect "both signatures verify" 0 '*' '' -- note verify --key "$VA" --key "$VB" "$T/head3.cosigned"
finish
