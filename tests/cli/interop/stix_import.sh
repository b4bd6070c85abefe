#!/bin/sh
# hotline import of every STIX file of ../shared (the OASIS examples, the
# STIX 2.1 data, the vectors, hotline's example bundle): the indicators
# are exactly those tests/interop/ref_stix.py reads independently; the
# exit code says whether something was not imported; the constructs not
# imported are said, exactly, for three files; TLP 1.0 and 2.0 markings
# come out as the body file's marking; the two broken upstream files
# are refused with a clear error.
. "$(dirname "$0")/../lib.sh"
need_shared interop/stix/examples/indicator-for-c2-ip-address.json \
    data/stix21/poisonivy.json vectors/stix/tlp2/tlp-amber.json \
    interop/stix/example-hotline-bundle.json
REF=$(dirname "$0")/../../interop/ref_stix.py

# "type value" lines of the body's indicators, sorted.
lines() {
	python3 -c '
import json, sys
for t, v in sorted((i["type"], i["value"]) for i in json.load(sys.stdin)["indicators"]):
    print(t, v)'
}

n=0
for f in "$SHARED"/interop/stix/examples/*.json "$SHARED"/data/stix21/*.json \
    "$SHARED"/vectors/stix/*.json "$SHARED"/vectors/stix/tlp2/*.json \
    "$SHARED"/interop/stix/example-hotline-bundle.json; do
	case $f in
	*/sco_deterministic_ids.json|*/using-tlp2.0-green.json) continue ;;
	esac
	n=$((n + 1))
	run import --format stix "$f"
	want=$(python3 "$REF" lines "$f")
	if [ -z "$want" ]; then
		check "$f: nothing to carry, exit 1" [ "$rc" = 1 ]
		continue
	fi
	check "$f: the indicators ref_stix.py reads" [ "$(printf '%s' "$out" | lines)" = "$want" ]
	# exit 0 exactly when nothing was reported
	if printf '%s\n' "$err" | grep -v ': the body lacks ' | grep -q .; then
		check "$f: something reported, exit 1" [ "$rc" = 1 ]
	else
		check "$f: all imported, exit 0" [ "$rc" = 0 ]
	fi
done
check "every file read" [ "$n" = 34 ]
check "the count on poisonivy.json" [ "$(python3 "$REF" count "$SHARED/data/stix21/poisonivy.json")" = "42 $SHARED/data/stix21/poisonivy.json" ]

f=$SHARED/interop/stix/example-hotline-bundle.json
run import "$f"
check "auto-detected: hotline's example bundle" [ "$(printf '%s' "$out" | lines | wc -l)" = 9 ]
check "its course-of-action said, and what the body lacks" [ "$err" = "hotline import: $f: course-of-action--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd40: type 'course-of-action' is not an indicator: not carried
hotline import: $f: the body lacks summary, category, severity, observed, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]
check "exit 1" [ "$rc" = 1 ]

f=$SHARED/data/stix21/sighting-of-observed-data.json
run import --json "$f"
check "observed-data's SCOs, 2.1 style: the malware and the registry key said" [ "$err" = "hotline import: $f: malware--ae560258-a5cb-4be8-8f05-013d6712295f: type 'malware' is not an indicator: not carried
hotline import: $f: windows-registry-key--16b80d14-d574-5620-abad-10ff304b1c26: observable type 'windows-registry-key' has no hotline type" ]
check "--json: the account" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
o = json.load(sys.stdin)
i = o["import"]
print(i["format"], i["indicators"], i["not_imported"], sorted(i["skipped"].items()), o["body"]["observed"])')" = \
    "stix 2 2 [('object type', 1), ('observable', 1)] {'start': '2017-02-27T21:37:11Z', 'end': '2017-02-28T19:07:24Z'}" ]

f=$SHARED/interop/stix/examples/malicious-email-indicator-with-attachment.json
run import "$f"
check "MATCHES said with each indicator's id" [ "$err" = "hotline import: $f: attack-pattern--d7b066aa-4091-4276-a142-29d5d81c3484: type 'attack-pattern' is not an indicator: not carried
hotline import: $f: indicator--8cf9236f-1b96-493d-98be-0c1c1e8b62d7: MATCHES: matches many values, names none
hotline import: $f: indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933: MATCHES: matches many values, names none
hotline import: $f: no indicator hotline can carry
hotline import: $f: the body lacks summary, category, severity, observed, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]
check "nothing to carry: exit 1" [ "$rc" = 1 ]

# Markings: STIX's own TLP 1.0 AMBER; a TLP 2.0 AMBER+STRICT.
run import "$SHARED/vectors/stix/using-marking-definitions.json"
check "TLP 1.0 amber: the body file is amber" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print(json.load(sys.stdin)["tlp"])')" = amber ]
check "the statement marking said" [ "$(printf '%s\n' "$err" | head -1)" = "hotline import: $SHARED/vectors/stix/using-marking-definitions.json: marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f: a marking that is not TLP: its terms are not carried into the body; keep them with the source" ]
run import "$SHARED/data/stix21/using-granular-markings.json"
check "granular markings: the strictest, TLP 1.0 red" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print(json.load(sys.stdin).get("tlp"))')" = red ]
python3 - "$SHARED/vectors/stix/tlp2/tlp-amber+strict.json" "$T/strict.json" <<'EOF'
import json, sys
b = json.load(open(sys.argv[1]))
m = b["objects"][0]["id"]
b["objects"].append({"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--1",
    "value": "192.0.2.9", "object_marking_refs": [m]})
b["objects"].append({"type": "domain-name", "spec_version": "2.1", "id": "domain-name--1",
    "value": "green.example", "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]})
json.dump(b, open(sys.argv[2], "w"))
EOF
run import "$T/strict.json"
check "TLP 2.0: the strictest of green and amber+strict" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print(b["tlp"], len(b["indicators"]))')" = "amber+strict 2" ]

# The broken upstream files: a clear error, exit 1.
f=$SHARED/vectors/stix/tlp2/using-tlp2.0-green.json
run import "$f"
check "no \"type\": \"bundle\": exit 1" [ "$rc" = 1 ]
check "said" [ "$err" = "hotline import: $f: not STIX: the top level has no \"type\" (a bundle says \"type\": \"bundle\")" ]
check "nothing on stdout" [ -z "$out" ]
f=$SHARED/vectors/stix/sco_deterministic_ids.json
run import --format stix "$f"
check "not STIX at all: exit 1" [ "$rc" = 1 ] && check "said" [ "$err" = "hotline import: $f: not STIX: the top level has no \"type\" (a bundle says \"type\": \"bundle\")" ]
finish
