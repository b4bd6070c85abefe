#!/bin/sh
# A countersigned review changed: a number in bb's half, the period, a
# signature, a bundle removed; each refused, naming what failed.
. "$(dirname "$0")/story.sh"

story
Y=$(date -u +%Y)
"$HOTLINE" review --dir "$T/aa" --peer cert.bb --period "$Y" --out "$T/review1" >/dev/null || bad "aa's review"
"$HOTLINE" review --dir "$T/bb" --countersign "$T/review1" --out "$T/review2" >/dev/null || bad "bb's countersignature"
retamper() {
	python3 - "$T/review2" "$T/bad" "$1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
}
retamper 'b["bundles"]["cert.bb"]["report"]["peers"][0]["in"]["answered_late"] = 0'
refused "a number in bb's half" "bundles.cert.bb: report.peers[0].in.answered_late: the bundle says 0, the leaves say 1"
retamper 'b["period"] = str(int(b["period"]) - 1)'
refused "another period" "bundles: cert.aa's bundle is not its report on cert.bb for the review's period"
retamper 'b["signatures"][1]["sig"] = b["signatures"][0]["sig"]'
refused "aa's signature as bb's" "signatures: cert.bb's signature does not verify"
retamper 'del b["bundles"]["cert.bb"]'
refused "bb's bundle removed" "signatures: one signature and bundle per party that signed, the author first"
finish
