#!/bin/sh
# A TLS key that is not the certificate's: garbage, or another node's
# certificate beside it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa bb
A=$T/aa
B=$T/bb
cp "$A/tls.key" "$T/tls.key"
printf 'garbage\n' >"$A/tls.key"
expect "serve -n with a garbage tls.key" 1 '' \
    "hotline serve: $A/tls.key: not a PEM private key" \
    -- serve -n --dir "$A"
cp "$T/tls.key" "$A/tls.key"
cp "$A/tls.crt" "$T/tls.crt"
cp "$B/tls.crt" "$A/tls.crt"
expect "serve -n with another node's tls.crt" 1 '' \
    "hotline serve: $A/tls.key: is not the key of $A/tls.crt (their public keys differ)" \
    -- serve -n --dir "$A"
cp "$T/tls.crt" "$A/tls.crt"
expect "serve -n with its own pair again" 0 '*' '' -- serve -n --dir "$A"
finish
