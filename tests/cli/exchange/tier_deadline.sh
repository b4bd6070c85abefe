#!/bin/sh
# The default deadline follows the policy for the peer's tier.
. "$(dirname "$0")/exchange.sh"

pair
printf 'first_response = 2d\nfirst_response.cert = 1h\n' >>"$A/hotline.conf"
pid=$("$HOTLINE" send --dir "$A" --to cert.bb --type request --body "$T/req.json")
check "a request to a CERT is due in an hour" [ "$(sql "$A" \
    "SELECT deadline - created FROM messages WHERE id = '$pid'")" = 3600 ]
finish
