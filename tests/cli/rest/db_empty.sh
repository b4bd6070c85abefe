#!/bin/sh
# An emptied database is nobody's new node: every command refuses it and
# it stays 0 bytes; SQLite's own empty database and a missing one the
# same, with nothing made in their place.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

history
check "the log has a leaf" [ "$(sql "$A" "SELECT count(*) FROM log_leaves")" = 1 ]
: >"$A/hotline.db"
empty="$A/hotline.db: empty (0 bytes): no hotline database in it; refusing to start a new one in its place"
expect "log verify on an emptied database" 1 '' "hotline log: $empty" \
    -- log verify --dir "$A"
expect "status on an emptied database" 1 '' "hotline status: $empty" \
    -- status --dir "$A"
run status --json --dir "$A"
check "status --json on it: the problem as JSON" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; p=json.load(sys.stdin)["problem"]; print(p["type"], p["field"])')" = "1:database $A/hotline.db" ]
expect "serve -n on an emptied database" 1 '' "hotline serve: $empty" \
    -- serve -n --dir "$A"
expect "serve on an emptied database" 1 '' "hotline serve: $empty" \
    -- serve --dir "$A"
check "it is still empty" [ "$(stat -c %s "$A/hotline.db")" = 0 ]
check "no -wal was made" [ ! -e "$A/hotline.db-wal" ]
# SQLite's own empty database (no tables): the same.
rm "$A/hotline.db"
sqlite3 "$A/hotline.db" "PRAGMA user_version = 0; VACUUM" || bad "sqlite3"
chmod 600 "$A/hotline.db"
expect "status on a database with no schema" 1 '' \
    "hotline status: $A/hotline.db: no schema: no hotline database in it; refusing to start a new one in its place" \
    -- status --dir "$A"
check "no tables were made in it" [ "$(sql "$A" "SELECT count(*) FROM sqlite_master")" = 0 ]
rm "$A/hotline.db"
expect "status with the database gone" 1 '' \
    "hotline status: $A/hotline.db: no database: No such file or directory" \
    -- status --dir "$A"
check "nothing made in its place" [ ! -e "$A/hotline.db" ]
finish
