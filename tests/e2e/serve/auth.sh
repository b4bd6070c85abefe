#!/bin/sh
# Who may speak: no certificate gets no answer at all, an unpinned one a
# 403, a pinned one the ping.
. "$(dirname "$0")/serve.sh"

fixture aa bb cc
pin aa bb
start bb
# The handshake itself fails (the server requires a certificate), so
# there is no HTTP answer at all.
wire bb /v1/ping
check "no certificate: no answer" [ "$status" = 000 ]
check "no certificate: curl saw the handshake fail" sh -c 'curl -s -k -o /dev/null \
    "https://127.0.0.1:$1/v1/ping"; r=$?; case $r in 35|55|56) ;; *) exit 1 ;; esac' _ "$PORT_bb"
wire bb /v1/ping --cert "$T/cc/tls.crt" --key "$T/cc/tls.key"
check "an unpinned certificate: 403" [ "$status" = 403 ]
check "an unpinned certificate: problem" [ "$(problem)" = "urn:hotline:problem:unknown-peer" ]
auth
# shellcheck disable=SC2086
wire bb /v1/ping $AUTH
check "ping" [ "$status" = 200 ]
check "ping names bb" [ "$(printf '%s' "$body" | json 'd["party"]')" = cert.bb ]
finish
