#!/bin/sh
# --request ID: the indicators and window of a request in the inbox, by
# id or unique prefix; a message sent, or of another type, is refused.
. "$(dirname "$0")/match.sh"
. "$(dirname "$0")/../fixture.sh"

pair
HOME=$T/home
export HOME
# carry ID: aa's message, as signed, accepted by bb (no daemons here).
carry() {
	"$HOTLINE" show --raw --dir "$A" "$1" >"$T/carry.env" &&
	    "$HOTLINE" accept --dir "$B" "$T/carry.env" >/dev/null ||
	    bad "carry $1 to bb"
}
body "$T/body.json" 2026-11-20T00:00:00Z 2026-11-26T23:59:59Z
id=$("$HOTLINE" send --dir "$A" --to cert.bb --type request --deadline 48h --body "$T/body.json")
carry "$id"
short=$(printf '%s' "$id" | cut -c1-12)
run match --dir "$B" --request "$short" "$T/web.log" "$T/auth.log"
check "by prefix: the request's indicators, named by its whole id" [ "$rc:$(printf '%s\n' "$out" | tail -3)" = "0:window    2026-11-19T00:00:00Z to 2026-11-28T00:00:00Z (observed, widened by 1d each side)
indicators 4 from request $id (envelope)
hotline   0.1.0" ]
run match --dir "$B" --request "$id" --json --margin 0 "$T/web.log"
check "--json names the request as the source" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; p=json.load(sys.stdin)["provenance"]; print(p["indicators"]["source"], p["indicators"]["from"], p["indicators"]["count"], p["window"]["until"])')" = \
    "0:request $id envelope 4 2026-11-27T00:00:00Z" ]
expect "a request this node sent" 1 '' "hotline match: --request: $id is a request this node sent, not one it received" \
    -- match --dir "$A" --request "$id" "$T/web.log"
ping=$("$HOTLINE" ping --dir "$A" cert.bb 2>/dev/null | cut -d' ' -f1)
carry "$ping"
expect "a message that is not a request" 1 '' "hotline match: --request: $ping is a ping, not a request" \
    -- match --dir "$B" --request "$ping" "$T/web.log"
expect "no such message" 1 '' "hotline match: 0123456789ab: no such message" \
    -- match --dir "$B" --request 0123456789ab "$T/web.log"
expect "no node" 1 '' '*' -- match --dir "$T/none" --request "$short" "$T/web.log"
check "no node: said" [ -n "$err" ]
finish
