#!/bin/sh
# A log that does not verify: serve and serve -n refuse, and say so as
# log verify would (the alarm stands for status --check).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

history
sql "$A" "UPDATE log_leaves SET data = CAST('{}' AS BLOB) WHERE idx = 0"
run log verify --dir "$A"
verr=${err#hotline log verify: }
check "log verify fails" [ "$rc" = 1 ]
sql "$A" "DELETE FROM alarms"
expect "serve -n on a tampered log" 1 '' \
    "hotline serve: $A/hotline.db: the log does not verify ($verr); see hotline log verify" \
    -- serve -n --dir "$A"
check "the alarm stands" [ "$(sql "$A" "SELECT count(*) FROM alarms WHERE kind = 'log-invalid'")" = 1 ]
finish
