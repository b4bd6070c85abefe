#!/bin/sh
# A leaf, as stored, and its hash; a leaf the log does not have.
. "$(dirname "$0")/log.sh"

run log leaf 1 --dir "$A"
printf '%s' "$out" >"$T/leaf1"
check "leaf 1 is the second query" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; l=json.load(sys.stdin); print(l["event"], l["msg"]["seq"], l["msg"]["type"])')" = "queued 2 query" ]
run log leaf 1 --json --dir "$A"
check "leaf --json hash" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["leaf_hash"])')" = \
    "$( (printf '\000'; cat "$T/leaf1") | sha256sum | cut -c1-64)" ]
expect "no leaf 9" 1 '' "hotline log leaf: no leaf 9: the log has 3" -- log leaf 9 --dir "$A"
finish
