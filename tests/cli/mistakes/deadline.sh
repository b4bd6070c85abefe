#!/bin/sh
# --deadline: a date (midnight UTC), a duration, an RFC 3339 time; not a
# date past.
. "$(dirname "$0")/mistakes.sh"

run send --dir "$A" --to cert.bb --type request --deadline 2099-12-24 --body "$T/req.json"
check "--deadline DATE: queued" [ "$rc" = 0 ]
check "--deadline DATE: midnight UTC" [ "$(sql "$A" "SELECT deadline FROM messages WHERE id = '$out'")" = \
    "$(date -u -d 2099-12-24T00:00:00Z +%s)" ]
run send --dir "$A" --to cert.bb --type request --deadline 90m --body "$T/req.json"
check "--deadline 90m: 5400 s after it was created" [ "$(sql "$A" "SELECT deadline - created FROM messages WHERE id = '$out'")" = 5400 ]
run send --dir "$A" --to cert.bb --type request --tlp red --deadline 2099-12-24T12:00:00Z --body "$T/req.json"
check "--deadline TIME" [ "$(sql "$A" "SELECT deadline FROM messages WHERE id = '$out'")" = \
    "$(date -u -d 2099-12-24T12:00:00Z +%s)" ]
expect "--deadline a date past" 2 '' "hotline send: --deadline '2020-01-01': already past" \
    -- send --dir "$A" --to cert.bb --type request --deadline 2020-01-01 --body "$T/req.json"
finish
