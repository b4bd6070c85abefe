#!/bin/sh
# send refuses an unknown peer, bad options and bad bodies, naming
# each; nothing is queued.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa bb
A=$T/aa
"$HOTLINE" peer add --dir "$A" "$T/bb.card" >/dev/null || bad "pin bb"
printf '{"summary":"x"}' >"$T/q.json"
expect "send to unknown peer" 1 '' \
    "hotline send: unknown peer cert.zz: pin its card with hotline peer add" \
    -- send --dir "$A" --to cert.zz --type query --body "$T/q.json"
expect "send bad type" 2 '' \
    "hotline send: --type 'response': must be request, notice or query (responses go through hotline reply)" \
    -- send --dir "$A" --to cert.bb --type response --body "$T/q.json"
expect "send bad tlp" 2 '' \
    "hotline send: --tlp 'white': must be clear, green, amber, amber+strict or red (in any case)" \
    -- send --dir "$A" --to cert.bb --type query --tlp white --body "$T/q.json"
expect "send bad deadline" 2 '' \
    "hotline send: --deadline 'soon': not a duration (90m, 72h, 30d, 1w), a date (2026-12-24) or an RFC 3339 time" \
    -- send --dir "$A" --to cert.bb --type query --deadline soon --body "$T/q.json"
expect "send past deadline" 2 '' \
    "hotline send: --deadline '2020-01-01T00:00:00Z': already past" \
    -- send --dir "$A" --to cert.bb --type query --deadline 2020-01-01T00:00:00Z --body "$T/q.json"
expect "notice deadline" 2 '' "hotline send: --deadline: notices have no deadline" \
    -- send --dir "$A" --to cert.bb --type notice --deadline 1h --body "$T/q.json"
printf '{"category":"ddos","severity":"high","summary":"s","observed":{"start":"2026-11-20T00:00:00Z","end":"2026-11-21T00:00:00Z"},"indicators":[{"type":"ipv4","value":"10.1.2"}],"expectations":["investigate"]}' >"$T/bad.json"
expect "send bad indicator" 1 '' \
    "hotline send: $T/bad.json: indicators[0].value: not an IPv4 address" \
    -- send --dir "$A" --to cert.bb --type request --body "$T/bad.json"
printf '{"summary":"x",}' >"$T/broken.json"
expect "send broken JSON" 1 '' \
    "hotline send: $T/broken.json: byte 15: string or '}' expected near '}'" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/broken.json"
expect "send missing body file" 1 '' \
    "hotline send: $T/nope.json: No such file or directory" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/nope.json"
check "nothing queued" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = 0 ]
finish
