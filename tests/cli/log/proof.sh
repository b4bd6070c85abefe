#!/bin/sh
# An inclusion proof (C2SP tlog-proof) verifies offline with the log's
# key; a leaf, hash, index or key that does not fit is named.
. "$(dirname "$0")/log.sh"

"$HOTLINE" log leaf 1 --dir "$A" | tr -d '\n' >"$T/leaf1"
"$HOTLINE" log proof inclusion 1 --dir "$A" >"$T/p1"
check "a C2SP tlog-proof" [ "$(head -2 "$T/p1" | tr '\n' ' ')" = "c2sp.org/tlog-proof@v1 index 1 " ]
root=$(sed -n 3p "$T/head3" | base64 -d | od -An -tx1 | tr -d ' \n' | cut -c1-32)
expect "proof verifies offline" 0 "verified     hotline/cert.aa+$(echo "$VA" | cut -d+ -f2) (Ed25519)
included     leaf 1 of 3 in hotline/cert.aa (root $root...)" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf1" "$T/p1"
expect "proof by leaf hash" 0 '*' '' -- proof verify --key "$VA" \
    --leaf-hash "$( (printf '\000'; cat "$T/leaf1") | sha256sum | cut -c1-64)" "$T/p1"
"$HOTLINE" log leaf 2 --dir "$A" | tr -d '\n' >"$T/leaf2"
expect "another leaf does not fit" 1 '*' \
    "hotline proof verify: $T/p1: leaf 1 is not in hotline/cert.aa's tree of size 3: the hashes do not lead to the root" \
    -- proof verify --key "$VA" --leaf "$T/leaf2" "$T/p1"
expect "a proof needs the log's key" 1 '*' \
    "hotline proof verify: $T/p1: the checkpoint is not signed by its log's key (hotline/cert.aa)" \
    -- proof verify --key "$VB" --leaf "$T/leaf1" "$T/p1"
# A different first character, whatever it was.
sed '4{s/^A/B/;t;s/^./A/}' "$T/p1" >"$T/p1bad"
check "the proof file did change" [ "$(cksum <"$T/p1")" != "$(cksum <"$T/p1bad")" ]
run proof verify --key "$VA" --leaf "$T/leaf1" "$T/p1bad"
check "a changed proof hash fails" [ "$rc" = 1 ]
sed 's/^index 1$/index 7/' "$T/p1" >"$T/p7"
expect "an index outside the tree" 1 '*' "hotline proof verify: $T/p7: index 7 is outside the tree of size 3" \
    -- proof verify --key "$VA" --leaf "$T/leaf1" "$T/p7"
sed '4d' "$T/p1" >"$T/pshort"
expect "a proof one hash short" 1 '*' \
    "hotline proof verify: $T/pshort: leaf 1 is not in hotline/cert.aa's tree of size 3: the proof has the wrong number of hashes" \
    -- proof verify --key "$VA" --leaf "$T/leaf1" "$T/pshort"
expect "bad key" 2 '' "hotline proof verify: --key: verifier key 'nonsense' is not name+keyid+key" \
    -- proof verify --key nonsense --leaf "$T/leaf1" "$T/p1"
finish
