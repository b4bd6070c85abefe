#!/bin/sh
# log leaf N > f is a leaf proof verify takes; so is --json, and so is
# log proof inclusion --json; a leaf that does not fit is named.
. "$(dirname "$0")/io.sh"

leaves
check "log leaf ends in a newline" [ "$(tail -c 1 "$T/leaf0" | od -An -c | tr -d ' ')" = '\n' ]
root=$(field "$T/p0.json" 'j["checkpoint"].split("\n")[2]')
rhex=$(printf '%s' "$root" | base64 -d | od -An -tx1 -v | tr -d ' \n' | cut -c1-32)
want="verified     hotline/cert.aa+$(printf '%s' "$VA" | cut -d+ -f2) (Ed25519)
included     leaf 0 of 1 in hotline/cert.aa (root $rhex...)"
expect "log leaf > f, proof verify --leaf f" 0 "$want" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf0" "$T/p0"
expect "log leaf --json, proof --json" 0 "$want" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf0.json" "$T/p0.json"
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=3))' "$T/leaf0" >"$T/leaf0.ind"
expect "an indented copy of the leaf" 0 "$want" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf0.ind" "$T/p0"
sed 's/"leaf_hash": "./"leaf_hash": "x/' "$T/leaf0.json" >"$T/leaf0.bad"
run proof verify --key "$VA" --leaf "$T/leaf0.bad" "$T/p0"
check "a leaf_hash not its leaf's" [ "$rc:$(printf '%s' "$err" | cut -d'(' -f1)" = \
    "1:hotline proof verify: $T/leaf0.bad: its leaf_hash is not the hash of its leaf " ]
expect "a --json leaf for another index" 1 '*' \
    "hotline proof verify: $T/p0b: the proof is for leaf 0, but $T/leaf1.json is leaf 1" \
    -- proof verify --key "$VA" --leaf "$T/leaf1.json" "$T/p0b"
expect "another leaf still does not fit" 1 '*' \
    "hotline proof verify: $T/p0b: leaf 0 is not in hotline/cert.aa's tree of size 2: the hashes do not lead to the root" \
    -- proof verify --key "$VA" --leaf "$T/leaf1" "$T/p0b"
finish
