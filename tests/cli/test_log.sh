#!/bin/sh
# The transparency log from the command line: heads, leaves and proofs
# checked offline with nothing but a card's key, the file-based witness
# exchange, a log that forks (the same key signing two histories) caught
# by its peer, and the real sum.golang.org checkpoint.
. "$(dirname "$0")/lib.sh"
need_shared vectors/signed-note/sumdb-checkpoint-6476701.note

two_nodes
VA=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/aa.card")
VB=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/bb.card")
printf '{"summary":"anything in your logs?"}' >"$T/q.json"
for i in 1 2 3; do
	"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
done

run log head --dir "$A"
check "head names the log" [ "$(printf '%s\n' "$out" | head -2 | tr '\n' ' ')" = "hotline/cert.aa 3 " ]
printf '%s\n' "$out" >"$T/head3"
expect "head verifies with aa's key" 0 "verified     hotline/cert.aa+$(echo "$VA" | cut -d+ -f2) (Ed25519)" '' \
    -- note verify --key "$VA" "$T/head3"
expect "head does not verify with bb's key" 1 \
    "unknown      hotline/cert.aa+$(echo "$VA" | cut -d+ -f2): no key given for this signer" '' \
    -- note verify --key "$VB" "$T/head3"

run log leaf 1 --dir "$A"
printf '%s' "$out" >"$T/leaf1"
check "leaf 1 is the second query" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; l=json.load(sys.stdin); print(l["event"], l["msg"]["seq"], l["msg"]["type"])')" = "queued 2 query" ]
run log leaf 1 --json --dir "$A"
check "leaf --json hash" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["leaf_hash"])')" = \
    "$( (printf '\000'; cat "$T/leaf1") | sha256sum | cut -c1-64)" ]
expect "no leaf 9" 1 '' "hotline log leaf: no leaf 9: the log has 3" -- log leaf 9 --dir "$A"

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

# Witnessing: bb cosigns aa's head, aa takes the cosignature back.
expect "cosign first head" 0 '*' '' -- log cosign --peer cert.aa --dir "$B" "$T/head3"
printf '%s\n' "$out" >"$T/head3.cosigned"
expect "aa adds it" 0 "added 1 cosignature" '' -- log cosignature add --dir "$A" "$T/head3.cosigned"
run log head --dir "$A"
check "the head now carries bb's cosignature" [ "$(printf '%s\n' "$out" | grep -c '^— hotline/cert.bb ')" = 1 ]
expect "both signatures verify" 0 '*' '' -- note verify --key "$VA" --key "$VB" "$T/head3.cosigned"

# aa forks: a copy of its directory goes on with a different history.
cp -a "$A" "$T/fork"
"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
printf '{"summary":"something else entirely"}' >"$T/q2.json"
"$HOTLINE" send --dir "$T/fork" --to cert.bb --type query --body "$T/q2.json" >/dev/null
"$HOTLINE" log head --dir "$A" | sed '/^— hotline\/cert.bb/d' >"$T/head4"
"$HOTLINE" log proof consistency 3 4 --dir "$A" >"$T/c34"
expect "cosign the real size 4" 0 '*' '' -- log cosign --peer cert.aa --proof "$T/c34" --dir "$B" "$T/head4"
"$HOTLINE" log head --dir "$T/fork" >"$T/fork4"
expect "the fork's size 4 is caught" 1 '' \
    "hotline log cosign: $T/fork4: cert.aa's checkpoint of size 4 is not consistent with its checkpoint of size 4 cosigned earlier; both are kept as evidence" \
    -- log cosign --peer cert.aa --dir "$B" "$T/fork4"
run status --dir "$B"
check "status raises the alarm" [ "$rc" = 1 ]
check "status names the log and sizes" [ "$(printf '%s\n' "$out" | grep '^ALARM' | sed 's/ (found.*//')" = \
    "ALARM       equivocation: hotline/cert.aa signed checkpoints of sizes 4 and 4 that are not consistent" ]
run status --json --dir "$B"
check "status --json" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; s=json.load(sys.stdin); e=s["equivocations"][0]; print(e["origin"], e["cosigned_size"], e["conflicting_size"], s["witnessed"][0]["size"])')" = \
    "hotline/cert.aa 4 4 4" ]
check "evidence kept" [ "$(sql "$B" 'SELECT count(*) FROM equivocations')" = 1 ]
expect "an older head is refused" 1 '' \
    "hotline log cosign: $T/head3: checkpoint of size 3 is older than the one already cosigned (4)" \
    -- log cosign --peer cert.aa --dir "$B" "$T/head3"
expect "unknown peer" 1 '' "hotline log cosign: $T/head3: unknown peer cert.zz: no card pinned" \
    -- log cosign --peer cert.zz --dir "$B" "$T/head3"

expect "aa's log verifies" 0 "log verified: 4 leaves, 5 checkpoints, 1 cosignature" '' -- log verify --dir "$A"
sqlite3 "$A/hotline.db" "UPDATE log_leaves SET data = CAST(replace(data, 'query', 'notic') AS BLOB) WHERE idx = 2"
expect "a rewritten leaf is named" 1 '' \
    "hotline log verify: leaf 2: the stored hash of subtree (level 0, index 2) is not the hash of the stored leaves" \
    -- log verify --dir "$A"

# The real sum.golang.org checkpoint, with Go's key; one byte changed.
GO='sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'
N=$SHARED/vectors/signed-note/sumdb-checkpoint-6476701.note
expect "sum.golang.org" 0 "verified     sum.golang.org+033de0ae (Ed25519)
unknown      monkeys+db4d9f7e: no key given for this signer
unknown      bananas+cf639f13: no key given for this signer
unknown      witness+f13a86db: no key given for this signer" '' -- note verify --key "$GO" "$N"
sed '2s/6476701/6476702/' "$N" >"$T/sumdb.bad"
expect "one changed byte" 1 "bad          sum.golang.org+033de0ae: the signature does not verify
unknown      monkeys+db4d9f7e: no key given for this signer
unknown      bananas+cf639f13: no key given for this signer
unknown      witness+f13a86db: no key given for this signer" '' -- note verify --key "$GO" "$T/sumdb.bad"
expect "an ECDSA key is reported, not fatal" 0 "verified     sum.golang.org+033de0ae (Ed25519)
unknown      monkeys+db4d9f7e: no key given for this signer
unknown      bananas+cf639f13: no key given for this signer
unsupported  witness+f13a86db: key type 0x02 is not verified by hotline" '' \
    -- note verify --key "$GO" --key 'witness+f13a86db+AgAAAAAAAAAAAAAAAAAAAA==' "$N"
printf 'not a note\n' >"$T/junk"
expect "not a note" 1 '' "hotline note verify: $T/junk: no blank line between text and signatures" \
    -- note verify --key "$GO" "$T/junk"

finish
