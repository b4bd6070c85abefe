#!/bin/sh
# hotline export's front end: usage, the message looked up, TLP 2.0 held
# (never lower unforced, TLP:RED not out of the node unforced), a ping
# refused, --out whole or not at all, and the same message giving the
# same bytes in each format.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

interop_msgs
expect "no --format" 2 '' '*' -- export --dir "$A" "$REQ"
expect "a format it does not know" 2 '' "hotline export: --format 'pdf': must be stix, misp or iodef" -- export --dir "$A" "$REQ" --format pdf
expect "a TLP that is none" 2 '' "hotline export: --tlp 'orange': must be clear, green, amber, amber+strict or red (in any case)" -- export --dir "$A" "$REQ" --format stix --tlp orange
expect "no such message" 1 '' "hotline export: ffff: no such message" -- export --dir "$A" ffff --format stix
run export --help
check "--help, exit 0" [ "$rc" = 0 ]
short=$(printf '%.12s' "$REQ")
for f in stix misp iodef; do
	expect "$f: lower than the request's amber" 1 '' \
	    "hotline export: TLP:GREEN is lower than TLP:AMBER, the marking of request $short; use --force to mark it so anyway" \
	    -- export --dir "$A" "$REQ" --format $f --tlp green --out "$T/x.$f"
	check "$f: nothing written" [ ! -e "$T/x.$f" ]
done

# bb answers lower than the amber request, forced: aa holds it amber.
printf '{"summary":"nothing more here"}' >"$T/low.json"
LOW=$("$HOTLINE" reply --dir "$B" "$REQ" --final --force --tlp clear --body "$T/low.json")
"$HOTLINE" show --raw --dir "$B" "$LOW" >"$T/low.env"
"$HOTLINE" accept --dir "$A" "$T/low.env" >/dev/null || bad "carry the low answer"
check "marked clear as signed" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$LOW'")" = clear ]
run export --dir "$A" "$LOW" --format stix
check "exported at the request's amber" [ "$rc" = 0 ] && check "amber" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print(sorted({m for o in b["objects"] for m in o.get("object_marking_refs", [])}))')" = \
    "['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421']" ]
expect "and not lower, unforced" 1 '' \
    "hotline export: TLP:CLEAR is lower than TLP:AMBER, the marking of response $(printf '%.12s' "$LOW"); use --force to mark it so anyway" \
    -- export --dir "$A" "$LOW" --format misp --tlp clear

# A red message: only with --force.
printf '{"summary":"for you alone"}' >"$T/q.json"
RED=$("$HOTLINE" send --dir "$A" --to cert.bb --type query --tlp red --body "$T/q.json")
expect "TLP:RED stays in the node" 1 '' \
    "hotline export: query $(printf '%.12s' "$RED") is TLP:RED, for its named recipients only; use --force to pass it on anyway" \
    -- export --dir "$A" "$RED" --format stix
PING=$("$HOTLINE" ping --dir "$A" cert.bb)
run export --dir "$A" "$PING" --format stix
check "a ping has nothing to export" [ "$rc" = 1 ]
finish
