#!/bin/sh
# A database or message key that is not this node's: another node's
# database, a second cert.aa's (same origin, another log), a second
# cert.aa's message key, another party's message key; each named, and
# refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

history
cp "$B/hotline.db" "$A/hotline.db"
expect "status on a foreign database" 1 '' \
    "hotline status: $A/hotline.db: a foreign database: its log's origin is hotline/cert.bb, this node's (log.anchor) is hotline/cert.aa" \
    -- status --dir "$A"
expect "serve -n on a foreign database" 1 '' \
    "hotline serve: $A/hotline.db: a foreign database: its log's origin is hotline/cert.bb, this node's (log.anchor) is hotline/cert.aa" \
    -- serve -n --dir "$A"

# A second cert.aa (a re-init elsewhere): the same origin, another log.
A2=$T/aa2
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$A2" \
    >/dev/null || bad "init aa2"
cp "$A2/hotline.db" "$A/hotline.db"
expect "status on another log of the same name" 1 '' \
    "hotline status: $A/hotline.db: a foreign database: its first checkpoint (size 0) is not the one in log.anchor (same origin hotline/cert.aa, another log)" \
    -- status --dir "$A"

# Another message key of the same name (the second cert.aa's): log.anchor
# is not its signature.
cp "$T/aa.db" "$A/hotline.db"
cp "$A/msg.key" "$T/msg.key"
cp "$A2/msg.key" "$A/msg.key"
expect "status with another node's msg.key" 1 '' \
    "hotline status: $A/log.anchor: not a checkpoint signed by $A/msg.key: the message key is not the one this node's log was started with" \
    -- status --dir "$A"
cp "$T/msg.key" "$A/msg.key"
expect "status with its own database again" 0 '*' '' -- status --dir "$A"

# Another party's message key: named, with whose it is.
cp "$B/msg.key" "$A/msg.key"
expect "status with cert.bb's msg.key" 1 '' \
    "hotline status: $A/msg.key: the key of hotline/cert.bb, not of this node (hotline/cert.aa, named in hotline.conf)" \
    -- status --dir "$A"
finish
