#!/bin/sh
# init refuses bad arguments and creates nothing; refuses to overwrite a
# node; a command finds no node where there is none; the endpoint
# defaults from listen.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

expect "init without tier" 2 '' '*' -- init --party cert.aa --state AA \
    --dir "$T/x"
expect "init bad party" 2 '' \
    "hotline init: --party 'CERT_AA': not a party id ([a-z0-9.-]{1,64})" \
    -- init --party CERT_AA --state AA --tier cert --dir "$T/x"
expect "init bad state" 2 '' \
    "hotline init: --state 'aa': not an ISO 3166 alpha-2 code (two capital letters)" \
    -- init --party cert.aa --state aa --tier cert --dir "$T/x"
expect "init bad tier" 2 '' \
    "hotline init: --tier 'boss': must be cert, nrrc or policy" \
    -- init --party cert.aa --state AA --tier boss --dir "$T/x"
expect "init bad listen" 2 '' \
    "hotline init: --listen 'localhost': not HOST:PORT" \
    -- init --party cert.aa --state AA --tier cert --listen localhost --dir "$T/x"
expect "init bad endpoint" 2 '' \
    "hotline init: --endpoint 'http://x': not an https:// URL" \
    -- init --party cert.aa --state AA --tier cert --endpoint http://x --dir "$T/x"
check "nothing created" [ ! -e "$T/x" ]
A=$T/aa
expect "init" 0 '*' '' -- init --party cert.aa --state AA --tier cert --dir "$A"
before=$(cat "$A/msg.key")
expect "init twice" 1 '' \
    "hotline init: $A: already holds a hotline node (hotline.conf exists); refusing to overwrite" \
    -- init --party cert.zz --state ZZ --tier cert --dir "$A"
check "key kept" [ "$(cat "$A/msg.key")" = "$before" ]
expect "no node" 1 '' \
    "hotline outbox: $T/none: no hotline node here (run hotline init, or give --dir)" \
    -- outbox --dir "$T/none"
check "endpoint defaults from listen" [ "$(grep endpoint "$A/hotline.conf")" = \
    "endpoint = https://127.0.0.1:7443" ]
finish
