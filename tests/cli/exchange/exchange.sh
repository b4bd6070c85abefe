# Sourced by each case of this folder: two nodes exchange an envelope by
# hand, aa's `show --raw` output given to bb's check and accept.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

cat >"$T/req.json" <<'JSON'
{"category": "scanning", "severity": "medium",
 "summary": "SSH brute force from your address space",
 "observed": {"start": "2026-11-20T00:00:00Z", "end": "2026-11-26T23:59:59Z"},
 "indicators": [{"type": "ipv4", "value": "203.0.113.7", "count": 1200},
                {"type": "cidr", "value": "198.51.100.0/24"}],
 "expectations": ["investigate", "block-host"]}
JSON

# request: aa's request to bb (amber, due in 48 h), as $id; its stored
# bytes in $T/msg.json, $size long. Leaves $rc and $out of the send.
request() {
	run send --dir "$A" --to cert.bb --type request --subject "SSH scanning" \
	    --deadline 48h --tlp amber --body "$T/req.json"
	id=$out
	"$HOTLINE" show --dir "$A" --raw "$id" >"$T/msg.json"
	size=$(stat -c %s "$T/msg.json")
}
