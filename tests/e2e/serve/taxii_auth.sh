#!/bin/sh
# Who may pull from aa's TAXII listener: no credentials and wrong ones are
# 401 with the Basic challenge, a wrong Accept 406 (once known), a client
# certificate whose pin a user has is that user, one no user pins is
# asked for a password; credentials are checked once a connection; the
# fifth failure from an address is the last checked in the minute (429,
# Retry-After, no Argon2id), and another address is not held back; every
# failure is logged with the user's name escaped and never the password;
# a user removed is refused at once.
. "$(dirname "$0")/taxii_lib.sh"

taxii_pair
start aa
taxii_user misp amber 'amber pass phrase'
CHALLENGE='Basic realm="hotline TAXII", charset="UTF-8"'

# title: the TAXII error message's title and http_status.
title() {
	json 'd["title"] + " " + d["http_status"]' <"$T/body"
}

tx /taxii2/
check "no credentials: 401" [ "$status" = 401 ]
check "no credentials: a TAXII error message" [ "$(title)" = "Unauthorized 401" ]
check "no credentials: TAXII's media type" [ "$(field Content-Type)" = "$TAXII_TYPE" ]
check "no credentials: the Basic challenge" [ "$(field WWW-Authenticate)" = "$CHALLENGE" ]
check "no credentials: not a failure, not logged" [ "$(grep -c 'taxii auth failed' "$T/aa.log")" = 0 ]
tx /taxii2/ -u 'misp:amber pass phrasf'
check "wrong password: 401, challenged" [ "$status $(field WWW-Authenticate)" = "401 $CHALLENGE" ]
check "wrong password: the connection ends" [ "$(field Connection)" = close ]
tx /taxii2/ -u 'nobody:amber pass phrase'
check "unknown user: 401 as a wrong password" [ "$status $(json 'd["description"]' <"$T/body")" = "401 wrong user name or password" ]
tx /taxii2/ -H 'Authorization: Bearer abc'
check "another scheme: 401" [ "$status" = 401 ]
ACCEPT=application/json
tx /taxii2/ -u 'misp:amber pass phrase'
check "wrong Accept: 406, a TAXII error" [ "$status $(json 'd["http_status"]' <"$T/body")" = "406 406" ]
ACCEPT=$TAXII_TYPE
tx /taxii2/ -u 'misp:amber pass phrase'
check "the right password: 200" [ "$status" = 200 ]
tx /taxii2/ -u 'misp:amber pass phrase' -X POST -d '{}'
check "POST to discovery: 405, GET and HEAD allowed" [ "$status $(field Allow)" = "405 GET, HEAD" ]
check "POST: its body unread, the connection ends" [ "$(field Connection)" = close ]
tx /taxii2/ -u 'misp:amber pass phrase' -X DELETE
check "DELETE: 405 before anyone is asked who" [ "$status $(field Allow)" = "405 GET, HEAD" ]
check "the failures logged: two, by name" [ "$(grep -c 'taxii auth failed addr=127.0.0.1 user=misp: wrong password' "$T/aa.log") \
$(grep -c 'taxii auth failed addr=127.0.0.1 user=nobody: no such user' "$T/aa.log")" = "1 1" ]
check "no password in the log" [ "$(grep -c 'pass phras' "$T/aa.log")" = 0 ]
# A name of control bytes, escaped in the log (base64 of "\033[2J:x").
tx /taxii2/ -H 'Authorization: Basic G1sySjp4'
check "a name of control bytes: 401" [ "$status" = 401 ]
check "and logged escaped" grep -qF 'taxii auth failed addr=127.0.0.1 user=\x1b[2J: not a user name, or no password' "$T/aa.log"
check "no escape byte in the log" [ "$(grep -c "$(printf '\033')" "$T/aa.log")" = 0 ]

# Once a connection: three requests, one check.
n=$(auths misp)
u="https://127.0.0.1:$TPORT/taxii2/"
r=$(curl -s -k --pinnedpubkey "$AA_PIN" -u 'misp:amber pass phrase' -H "Accept: $TAXII_TYPE" \
    -o /dev/null -o /dev/null -o /dev/null -w '%{http_code} ' "$u" "$u" "$u")
check "three on one connection: 200 each" [ "$r" = "200 200 200 " ]
check "three on one connection: one password check" [ "$(auths misp)" = $((n + 1)) ]

# A pinned client certificate, made by openssl: that user, no password.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/cti.key" -out "$T/cti.crt" -subj /CN=opencti -days 30 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/other.key" -out "$T/other.crt" -subj /CN=other -days 30 2>/dev/null
expect "add a user by its certificate" 0 '*' '' -- taxii user add cti --clearance green --cert "$T/cti.crt" --dir "$T/aa"
tx /taxii2/ --cert "$T/cti.crt" --key "$T/cti.key"
check "the pinned certificate: 200 without a password" [ "$status" = 200 ]
check "the pinned certificate: known as cti" grep -q "taxii auth user=cti addr=127.0.0.1 by=certificate" "$T/aa.log"
tx /taxii2/ --cert "$T/other.crt" --key "$T/other.key"
check "a certificate no user pins: 401" [ "$status" = 401 ]
tx /taxii2/ --cert "$T/other.crt" --key "$T/other.key" -u 'misp:amber pass phrase'
check "a certificate no user pins, and a password: 200" [ "$status" = 200 ]
expect "remove cti" 0 'removed cti' '' -- taxii user remove cti --dir "$T/aa"
tx /taxii2/ --cert "$T/cti.crt" --key "$T/cti.key"
check "cti removed: its certificate is 401" [ "$status" = 401 ]

# From 127.0.0.2: five wrong passwords are checked, the sixth and the
# right one after them are not (429); 127.0.0.1 is not held back.
codes=
for i in 1 2 3 4 5 6; do
	tx /taxii2/ --interface 127.0.0.2 -u "misp:wrong $i"
	codes="$codes$status "
done
check "five 401, then 429" [ "$codes" = "401 401 401 401 401 429 " ]
check "429: a TAXII error message" [ "$(title)" = "Too Many Requests 429" ]
ra=$(field Retry-After)
check "429: Retry-After within the minute" [ "$ra" -ge 1 -a "$ra" -le 60 ]
tx /taxii2/ --interface 127.0.0.2 -u 'misp:amber pass phrase'
check "the right password from there: 429 too, not checked" [ "$status" = 429 ]
check "five checked from 127.0.0.2" [ "$(grep -c 'taxii auth failed addr=127.0.0.2 user=misp: wrong password' "$T/aa.log")" = 5 ]
check "two refused unchecked" [ "$(grep -c 'taxii auth failed addr=127.0.0.2 user=misp: too many failures; not checked' "$T/aa.log")" = 2 ]
tx /taxii2/ -u 'misp:amber pass phrase'
check "127.0.0.1 still gets in" [ "$status" = 200 ]

# A user removed is refused on its next request.
expect "remove misp" 0 'removed misp' '' -- taxii user remove misp --dir "$T/aa"
tx /taxii2/ -u 'misp:amber pass phrase'
check "misp removed: 401" [ "$status" = 401 ]

# The peers' listener is as it was: a TAXII client is not a peer.
wire aa /v1/ping -u 'misp:amber pass phrase'
check "the peers' listener: no certificate, no answer" [ "$status" = 000 ]
finish
