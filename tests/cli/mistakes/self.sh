#!/bin/sh
# A peer that does not exist is not "nothing to count"; this node is not
# a peer to send to, ping or remove.
. "$(dirname "$0")/mistakes.sh"

expect "report on a typo" 1 '' \
    "hotline report: --peer cert.zz: no such peer: none is pinned and no message was sent to or received from one" \
    -- report --dir "$A" --peer cert.zz
expect "report on a pinned peer with nothing yet" 0 "report of cert.aa's log: 0 leaves, as of -
nothing to count" '' \
    -- report --dir "$A" --peer cert.bb
expect "send to this node" 1 '' "hotline send: cert.aa is this node" \
    -- send --dir "$A" --to cert.aa --type query --body "$T/q.json"
expect "ping this node" 1 '' "hotline ping: cert.aa is this node" \
    -- ping --dir "$A" cert.aa
expect "remove this node" 1 '' "hotline peer remove: cert.aa is this node" \
    -- peer remove --dir "$A" cert.aa
check "nothing queued by them" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = 0 ]
finish
