#!/bin/sh
# init into an existing directory that others may enter, holding only
# what `make` puts there (geo/): tightened, and every file 0600.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

A=$T/aa
mkdir -p "$A/geo"
chmod 755 "$A"
PA=$(free_port)
expect "init into a 0755 directory" 0 '*' '' -- init --party cert.aa \
    --state AA --tier cert --listen "127.0.0.1:$PA" --dir "$A"
check "modes after init" [ "$(modes "$A")" = \
    "700 . 755 geo 600 hotline.conf 600 hotline.db 600 identity.key 600 log.anchor 600 msg.key 600 tls.crt 600 tls.key " ]
expect "serve -n on a fresh node" 0 \
    "configuration ok: cert.aa (AA, cert) listens on 127.0.0.1:$PA" '' \
    -- serve -n --dir "$A"
check "log.anchor is the first checkpoint" [ "$(cat "$A/log.anchor")" = \
    "$(sql "$A" "SELECT CAST(note AS TEXT) FROM checkpoints WHERE size = 0")" ]
finish
