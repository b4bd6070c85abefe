#!/bin/sh
# A node from before log.anchor: adopted once, from its own database,
# but not from another node's, whose log aa's key did not sign.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

history
rm "$A/log.anchor"
expect "status on a node without log.anchor" 0 '*' '' -- status --dir "$A"
check "log.anchor written again, 0600" [ "$(stat -c %a "$A/log.anchor")" = 600 ]
check "the same first checkpoint" [ "$(cat "$A/log.anchor")" = \
    "$(sql "$A" "SELECT CAST(note AS TEXT) FROM checkpoints WHERE size = 0")" ]
rm "$A/log.anchor"
cp "$B/hotline.db" "$A/hotline.db"
expect "adopting a foreign database" 1 '' \
    "hotline status: $A/hotline.db: its log (origin hotline/cert.bb) was not started with this node's message key $A/msg.key" \
    -- status --dir "$A"
check "no log.anchor written for it" [ ! -e "$A/log.anchor" ]
cp "$T/aa.db" "$A/hotline.db"
expect "adopted again" 0 '*' '' -- status --dir "$A"
finish
