#!/bin/sh
# The real sum.golang.org checkpoint (read in place from ../shared),
# with Go's key; one byte changed; a key type not verified; not a note.
. "$(dirname "$0")/log.sh"

need_shared vectors/signed-note/sumdb-checkpoint-6476701.note
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
