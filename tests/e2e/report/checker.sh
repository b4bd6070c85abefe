#!/bin/sh
# A second, independent checker (Python and openssl, no hotline) agrees:
# it passes both bundles, and refuses a count changed.
. "$(dirname "$0")/story.sh"

story
for s in aa bb; do
	run_checker() { python3 "$CHECKER" "$1" >"$T/checker.out" 2>&1; }
	check "docs/audit/check_bundle.py passes $s's bundle" run_checker "$T/$s.bundle"
	check "and says so" [ "$(tail -1 "$T/checker.out")" = OK ]
done
tamper 'b["report"]["peers"][0]["out"]["requests"] = 3'
python3 "$CHECKER" "$T/bad" >"$T/checker.out" 2>&1
check "the independent checker refuses it too" [ "$?:$(tail -1 "$T/checker.out")" = \
    "1:FAILED: report: cert.bb out requests is 3, the leaves say 2" ]
finish
