#!/bin/sh
# peer remove: unpinned, its evidence kept, its queue waiting; nothing
# accepted from it; no way round --replace; pinned again, its queue is
# due.
. "$(dirname "$0")/mistakes.sh"

# Three requests, the first answered by bb (the first key); then bb's
# card replaced by a second cert.bb's.
requests
"$HOTLINE" reply --dir "$B" "$R1" --final --body "$T/answer.json" >/dev/null || bad "answer"
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$T/bb2" >/dev/null || bad "init bb2"
"$HOTLINE" id --dir "$T/bb2" >"$T/bb2.card"
"$HOTLINE" peer add --replace --dir "$A" "$T/bb2.card" >/dev/null || bad "replace"
new=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["key"], "tls_pin", c["tls_pin"])' "$T/bb2.card")

msgs=$(sql "$A" 'SELECT count(*) FROM messages')
leaves=$(sql "$A" 'SELECT count(*) FROM log_leaves')
queued=$(sql "$A" "SELECT count(*) FROM messages WHERE dir = 'out' AND peer = 'cert.bb' AND receipt IS NULL")
check "some messages wait for bb" [ "$queued" -gt 1 ]
expect "remove bb" 0 "removed cert.bb (BB, cert) key ${new% tls_pin *}
$queued messages to cert.bb stay queued, undelivered unless it is pinned again" '' \
    -- peer remove --dir "$A" cert.bb
check "bb is no longer pinned" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 0 ]
check "no message erased" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = "$msgs" ]
check "no leaf erased" [ "$(sql "$A" 'SELECT count(*) FROM log_leaves')" = "$leaves" ]
check "both of bb's cards kept, the replaced and the removed" [ "$(sql "$A" \
    "SELECT count(*) FROM retired_peers WHERE party = 'cert.bb'")" = 2 ]
check "a kept card cannot be deleted" sh -c "! sqlite3 '$A/hotline.db' 'DELETE FROM retired_peers' 2>/dev/null"
check "still both" [ "$(sql "$A" 'SELECT count(*) FROM retired_peers')" = 2 ]
expect "remove it again" 1 '' "hotline peer remove: cert.bb: no such peer" \
    -- peer remove --dir "$A" cert.bb
expect "remove a typo" 1 '' "hotline peer remove: cert.zz: no such peer" \
    -- peer remove --dir "$A" cert.zz
expect "send to the removed peer" 1 '' \
    "hotline send: unknown peer cert.bb: pin its card with hotline peer add" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/q.json"
run report --dir "$A" --peer cert.bb --json
check "its history still reports" [ "$rc:$(asked)" = "0:3" ]
expect "the log still verifies" 0 '*' '' -- log verify --dir "$A"
# bb (the first key) answered: from a removed peer nothing is accepted.
"$HOTLINE" show --raw --dir "$B" "$(sql "$B" "SELECT id FROM messages WHERE dir = 'out' ORDER BY seq LIMIT 1")" >"$T/answer.env"
run accept --dir "$A" "$T/answer.env"
check "nothing accepted from a removed peer" [ "$rc" = 1 ]
check "no message added" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = "$msgs" ]
expect "peer remove takes one peer" 2 '*' '*' -- peer remove --dir "$A"

# Removing is no way round --replace: other keys than the removed
# card's are refused without it.
expect "re-add bb with its first keys" 1 '' \
    "hotline peer add: $T/bb.card: cert.bb was pinned with other keys until it was removed; give --replace to pin these" \
    -- peer add --dir "$A" "$T/bb.card"
check "nothing pinned" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 0 ]

# Pinned again, it is a peer again and its queue is due.
expect "re-add bb" 0 "pinned cert.bb (BB, cert) key ${new% tls_pin *}" '' \
    -- peer add --dir "$A" "$T/bb2.card"
check "one card pinned" [ "$(sql "$A" 'SELECT count(*) FROM peers')" = 1 ]
expect "send again" 0 '*' '' -- send --dir "$A" --to cert.bb --type query --body "$T/q.json"
check "the queue waits as it was, plus one" [ "$(sql "$A" "SELECT count(*) FROM messages WHERE dir = 'out' \
    AND peer = 'cert.bb' AND receipt IS NULL")" = $((queued + 1)) ]
finish
