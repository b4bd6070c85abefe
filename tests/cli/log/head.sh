#!/bin/sh
# The head names the log and verifies with its key alone.
. "$(dirname "$0")/log.sh"

run log head --dir "$A"
check "head names the log" [ "$(printf '%s\n' "$out" | head -2 | tr '\n' ' ')" = "hotline/cert.aa 3 " ]
printf '%s\n' "$out" >"$T/head3"
expect "head verifies with aa's key" 0 "verified     hotline/cert.aa+$(echo "$VA" | cut -d+ -f2) (Ed25519)" '' \
    -- note verify --key "$VA" "$T/head3"
expect "head does not verify with bb's key" 1 \
    "unknown      hotline/cert.aa+$(echo "$VA" | cut -d+ -f2): no key given for this signer" '' \
    -- note verify --key "$VB" "$T/head3"
finish
