#!/bin/sh
# hotline import of hostile STIX: JSON nested 100,000 deep (refused
# before a tree is built), a pattern of 1 MB, one of 100,000 ORs, one of
# 10,000 nested parentheses (each said, with the indicator's id, and the
# rest of the bundle still read), 11,000 indicators (10,000 taken, the
# limit said once, the rest counted), NULs and escapes in values, types
# and ids (refused, never read short, never printed raw).
. "$(dirname "$0")/../lib.sh"

python3 - "$T" <<'EOF'
import json, sys
t = sys.argv[1]
open(f"{t}/deep.json", "w").write("[" * 100000 + "]" * 100000)
open(f"{t}/deepobj.json", "w").write('{"type": "bundle", "objects": ' + "[" * 70 + "]" * 70 + "}")
ok = {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ok", "value": "192.0.2.1"}
def bundle(name, *objs):
    json.dump({"type": "bundle", "id": "bundle--1", "objects": list(objs)}, open(f"{t}/{name}", "w"))
def ind(i, p):
    return {"type": "indicator", "spec_version": "2.1", "id": f"indicator--{i}",
            "pattern_type": "stix", "pattern": p, "valid_from": "2026-01-01T00:00:00Z"}
bundle("mb.json", ind("mb", "[url:value = 'http://a.example/" + "a" * (1 << 20) + "']"), ok)
bundle("ors.json", ind("ors", " OR ".join(f"[ipv4-addr:value = '10.{i // 65536}.{i // 256 % 256}.{i % 256}']"
    for i in range(100000))), ok)
bundle("parens.json", ind("parens", "(" * 10000 + "[ipv4-addr:value = '1.2.3.4']" + ")" * 10000), ok)
bundle("many.json", *(ind(i, f"[ipv4-addr:value = '10.{i // 256}.{i % 256}.1']") for i in range(11000)))
bundle("nul.json",
    {"type": "ipv4-addr", "id": "ipv4-addr--a\u0000\u001b[2J", "value": "1.2.3.4\u0000evil"},
    {"type": "ipv4-addr\u0000", "id": "ipv4-addr--b", "value": "1.2.3.5"},
    ind("c", "[ipv4-addr:value = '1.2.3.6\u0000']"),
    ind("d\u001b]0;pwned\u0007", "[domain-name:value = 'evil.example']"), ok)
EOF

run import --format stix "$T/deep.json"
check "deep JSON: exit 1" [ "$rc" = 1 ] && check "nothing on stdout" [ -z "$out" ]
check "said: too deep, where" [ "$err" = "hotline import: $T/deep.json: byte 64: nested deeper than 64 levels" ]
run import "$T/deepobj.json"
check "deep inside a bundle: the same" [ "$err" = "hotline import: $T/deepobj.json: byte 93: nested deeper than 64 levels" ]

# The rest of the bundle is read: 192.0.2.1 comes out each time.
for c in "mb a pattern of 1048609 bytes, longer than the 65536 read" \
    "ors a pattern of 3700666 bytes, longer than the 65536 read" \
    "parens does not parse as a STIX pattern: at byte 32, brackets and parentheses nested deeper than 32"; do
	k=${c%% *}
	why=${c#* }
	run import "$T/$k.json"
	check "$k: exit 1" [ "$rc" = 1 ]
	check "$k: said with the indicator's id" [ "$(printf '%s\n' "$err" | head -1)" = "hotline import: $T/$k.json: indicator--$k: $why" ]
	check "$k: the rest read" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print([i["value"] for i in json.load(sys.stdin)["indicators"]])')" = "['192.0.2.1']" ]
done

run import --json "$T/many.json"
check "11,000 indicators: exit 1" [ "$rc" = 1 ]
check "the limit said once" [ "$(printf '%s\n' "$err" | head -1)" = "hotline import: $T/many.json: indicator--10000: more than 10000 indicators: a request carries at most that many; split the source" ]
check "10,000 taken, 1,000 counted over" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
o = json.load(sys.stdin)
print(len(o["body"]["indicators"]), o["import"]["skipped"], len(o["import"]["reports"]))')" = "10000 {'over the limit': 1000} 1" ]

run import "$T/nul.json"
check "NULs and escapes: exit 1" [ "$rc" = 1 ]
check "each refused, printed safe" [ "$(printf '%s\n' "$err" | grep -v ': the body lacks ')" = "hotline import: $T/nul.json: ipv4-addr--a??[2J: ipv4 '1.2.3.4': control character at byte 7
hotline import: $T/nul.json: ipv4-addr--b: type 'ipv4-addr?' is not an indicator: not carried
hotline import: $T/nul.json: indicator--c: ipv4 '1.2.3.6': control character at byte 7" ]
check "the id with escapes is no value's" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print(sorted(i["value"] for i in json.load(sys.stdin)["indicators"]))')" = "['192.0.2.1', 'evil.example']" ]
check "no escape byte on stderr" sh -c '! printf "%s" "$1" | LC_ALL=C grep -q "$(printf "\033")"' _ "$err"
finish
