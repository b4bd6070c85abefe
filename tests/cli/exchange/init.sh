#!/bin/sh
# Two nodes made with `hotline init` (one from HOTLINE_DIR): what init
# says, the modes, the database, the signed empty checkpoint, the card.
. "$(dirname "$0")/exchange.sh"

A=$T/aa
B=$T/bb
expect "init aa" 0 '*' '' -- init --party cert.aa --state AA --tier cert \
    --listen 127.0.0.1:7101 --dir "$A"
check "init aa says where" [ "$(echo "$out" | head -1)" = \
    "initialized cert.aa (AA, cert) in $A" ]
HOTLINE_DIR=$B expect "init bb from HOTLINE_DIR" 0 '*' '' -- init \
    --party cert.bb --state BB --tier cert --listen 127.0.0.1:7102
check "bb is where HOTLINE_DIR said" [ -f "$B/hotline.db" ]
check "msg.key is 0600" [ "$(stat -c %a "$A/msg.key")" = 600 ]
check "tls.key is 0600" [ "$(stat -c %a "$A/tls.key")" = 600 ]
check "data dir is 0700" [ "$(stat -c %a "$A")" = 700 ]
check "WAL" [ "$(sql "$A" 'PRAGMA journal_mode')" = wal ]
check "schema version 10" [ "$(sql "$A" 'PRAGMA user_version')" = 10 ]
check "the log starts with a signed empty checkpoint" [ "$(sql "$A" \
    'SELECT count(*), min(size) FROM checkpoints')" = "1|0" ]
run id --dir "$A"
check "card names the party" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["party"])')" = cert.aa ]
finish
