#!/bin/sh
# log verify counts what it checked; a rewritten leaf is named.
. "$(dirname "$0")/log.sh"

cosigned
"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
expect "aa's log verifies" 0 "log verified: 4 leaves, 5 checkpoints, 1 cosignature" '' -- log verify --dir "$A"
sqlite3 "$A/hotline.db" "UPDATE log_leaves SET data = CAST(replace(data, 'query', 'notic') AS BLOB) WHERE idx = 2"
expect "a rewritten leaf is named" 1 '' \
    "hotline log verify: leaf 2: the stored hash of subtree (level 0, index 2) is not the hash of the stored leaves" \
    -- log verify --dir "$A"
finish
