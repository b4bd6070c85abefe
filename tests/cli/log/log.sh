# Sourced by each case of this folder: the transparency log from the
# command line, checked offline with nothing but a card's key. $A and $B
# are the CLI's pair; aa has sent three queries (its log: 3 leaves).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
VA=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/aa.card")
VB=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/bb.card")
printf '{"summary":"anything in your logs?"}' >"$T/q.json"
for i in 1 2 3; do
	"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
done
"$HOTLINE" log head --dir "$A" >"$T/head3"

# cosigned: bb cosigns aa's head of size 3 ($T/head3.cosigned), and aa
# adds the cosignature.
cosigned() {
	"$HOTLINE" log cosign --peer cert.aa --dir "$B" "$T/head3" >"$T/head3.cosigned" || bad "cosign"
	"$HOTLINE" log cosignature add --dir "$A" "$T/head3.cosigned" >/dev/null || bad "add"
}
