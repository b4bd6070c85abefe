#!/bin/sh
# send queues a request: its id, its leaf and checkpoint, the outbox, and
# show --raw giving the stored bytes.
. "$(dirname "$0")/exchange.sh"

pair
request
check "send prints an id" [ "$rc" = 0 ] && check "64 hex" \
    [ "$(printf '%s' "$id" | grep -cE '^[0-9a-f]{64}$')" = 1 ]
check "the send is leaf 0 of aa's log" [ "$(sql "$A" "SELECT data FROM \
    log_leaves")" = "$(sql "$A" "SELECT '{\"at\":\"' || strftime('%Y-%m-%dT%H:%M:%SZ', \
    stored, 'unixepoch') || '\",\"event\":\"queued\",\"msg\":{\"created\":\"' || \
    strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch') || '\",\"deadline\":\"' || \
    strftime('%Y-%m-%dT%H:%M:%SZ', deadline, 'unixepoch') || \
    '\",\"from\":\"cert.aa\",\"id\":\"' || id || \
    '\",\"seq\":1,\"tier\":\"cert\",\"to\":\"cert.bb\",\"type\":\"request\"},\"v\":1}' \
    FROM messages")" ]
check "and a checkpoint of size 1" [ "$(sql "$A" 'SELECT max(size) FROM checkpoints')" = 1 ]
check "outbox row" [ "$(sql "$A" "SELECT dir, peer, type, seq, state, tlp, \
    deadline - created FROM messages WHERE id = '$id'")" = \
    "out|cert.bb|request|1|queued|amber|172800" ]
run outbox --dir "$A" --json
check "outbox --json" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; m=json.load(sys.stdin)[0]; print(m["id"], m["peer"], m["seq"], m["state"], m["subject"])')" \
    = "$id cert.bb 1 queued SSH scanning" ]
run show --dir "$A" --raw "$(printf '%.10s' "$id")"
check "show --raw takes a prefix of the id" [ "$rc:$out" = "0:$(cat "$T/msg.json")" ]
check "show --raw is the stored bytes" [ "$(sql "$A" "SELECT hex(raw) FROM \
    messages WHERE id = '$id'")" = "$(od -An -tx1 -v "$T/msg.json" | \
    tr -d ' \n' | tr a-f A-F)" ]
finish
