#!/bin/sh
# hotline import of MISP: the real ESET events and the example in
# ../shared, each counted as tests/interop/ref_misp.py counts it from the
# mapping (indicators and every kind reported), glupteba's report line
# exactly, the marking, summary, severity and window taken, and hostile
# or foreign JSON refused with its exact error. Skips (77) without
# ../shared.
. "$(dirname "$0")/../lib.sh"
need_shared data/ioc-eset/glupteba.misp-event.json \
    data/ioc-eset/mozi.misp-event.json data/ioc-eset/windigo-ebury.misp.json \
    interop/misp/example-hotline-event.json
REF=$(dirname "$0")/../../interop/ref_misp.py

# The import's count and kinds beside ref_misp.py's, as one line each.
mine() {
	python3 -c '
import json, sys
i = json.load(sys.stdin)["import"]
keep = ("attribute type ", "deleted", "not to_ids", "relative uri")
print(i["indicators"], sorted((k, v) for k, v in i["skipped"].items()
      if k.startswith(keep)))'
}
theirs() {
	python3 "$REF" "$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["indicators"], sorted(r["skipped"].items()))'
}

for f in data/ioc-eset/glupteba.misp-event.json \
    data/ioc-eset/mozi.misp-event.json data/ioc-eset/windigo-ebury.misp.json \
    interop/misp/example-hotline-event.json; do
	run import --json "$SHARED/$f"
	got=$(printf '%s' "$out" | mine)
	want=$(theirs "$SHARED/$f")
	check "$f: the count ref_misp.py gives ($want)" [ "$got" = "$want" ]
	check "$f: read as MISP" [ "$(printf '%s' "$out" | python3 -c '
import json, sys; print(json.load(sys.stdin)["import"]["format"])')" = misp ]
done
# ref_misp.py itself, so that a change to it shows here.
check "ref: glupteba" [ "$(theirs "$SHARED/data/ioc-eset/glupteba.misp-event.json")" = "322 [('attribute type regkey', 1)]" ]
check "ref: mozi" [ "$(theirs "$SHARED/data/ioc-eset/mozi.misp-event.json")" = "74 [('attribute type port', 11), ('attribute type text', 61), ('not to_ids', 5)]" ]
check "ref: windigo" [ "$(theirs "$SHARED/data/ioc-eset/windigo-ebury.misp.json")" = "179 [('attribute type attachment', 1), ('attribute type filename', 58), ('attribute type text', 165), ('attribute type vulnerability', 2), ('attribute type yara', 5), ('not to_ids', 10)]" ]

G=$SHARED/data/ioc-eset/glupteba.misp-event.json
run import "$G"
check "glupteba: exit 1, an attribute was not imported" [ "$rc" = 1 ]
check "glupteba: the regkey named, then what the body lacks" [ "$err" = \
"hotline import: $G: Attribute 316 (regkey): no hotline type
hotline import: $G: the body lacks category, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]
check "glupteba: info, threat level 1, the event's date to its timestamp" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print(b["summary"], "|", b["severity"], b["observed"], "tlp" in b)')" = \
    "Glupteba.AY research related IoCs | high {'start': '2018-03-09T00:00:00Z', 'end': '2018-03-09T19:45:53Z'} False" ]
printf '%s' "$out" >"$T/g.json"
check "glupteba: each domain|ip gives both parts, each filename|sha1 its hash" [ "$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
have = {(i["type"], i["value"]) for i in b["indicators"]}
ev = json.load(open(sys.argv[2]))["response"][0]["Event"]
want = set()
for a in ev["Attribute"]:
    if a["type"] == "domain|ip":
        d, ip = a["value"].split("|")
        want |= {("domain", d), ("ipv4", ip)}
    elif a["type"] == "filename|sha1":
        want.add(("sha1", a["value"].split("|")[1]))
print(len(want), want <= have)' "$T/g.json" "$G")" = "12 True" ]

M=$SHARED/data/ioc-eset/mozi.misp-event.json
run import "$M"
check "mozi: an object's to_ids false attribute named with its object" sh -c \
    'printf "%s\n" "$1" | grep -qxF "hotline import: $2: Object 42 (corporate-asset) Attribute 2 (ip-src): to_ids is false (MISP'"'"'s mark for context, not detection): not imported; set it to ask a peer to look for this value"' _ "$err" "$M"

E=$SHARED/interop/misp/example-hotline-event.json
run import "$E"
check "example: exit 0, all imported" [ "$rc" = 0 ]
check "example: tlp:amber rides with the body; the object's repeats dropped" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print(b["tlp"], b["severity"], len(b["indicators"]), [i["type"] for i in b["indicators"]])')" = \
    "amber medium 9 ['ipv4', 'cidr', 'ipv6', 'domain', 'url', 'email', 'sha256', 'sha1', 'md5']" ]

# Foreign and hostile JSON, each with its exact error.
printf '{"type":"bundle","objects":[]}' >"$T/stix.json"
expect "a STIX bundle read as MISP" 1 '' \
    "hotline import: $T/stix.json: not a MISP event: no Event, response, or event members (info, Attribute, Object)" \
    -- import --format misp "$T/stix.json"
printf '{"Event": "x"}' >"$T/e.json"
expect "Event not an object" 1 '' "hotline import: $T/e.json: Event: not an object" -- import "$T/e.json"
printf '[1, 2]' >"$T/l.json"
expect "a list of no event" 1 '' "hotline import: $T/l.json: not a MISP event: a list with no event in it" -- import "$T/l.json"
python3 -c 'print("{\"Event\":" + "[" * 100 + "]" * 100 + "}")' >"$T/deep.json"
run import "$T/deep.json"
check "deep JSON: exit 1" [ "$rc" = 1 ] && check "refused as too deep" sh -c \
    'printf "%s" "$1" | grep -q "^hotline import: $2: .*nest"' _ "$err" "$T/deep.json"
printf '{"Event": {"Attribute": 7, "Object": [{"name": "\\u001b[2J", "Attribute": [{"type": "domain", "value": 5}]}]}}' >"$T/types.json"
run import "$T/types.json"
check "wrong types: exit 1" [ "$rc" = 1 ]
check "each named, the terminal escape not passed on" [ "$(printf '%s' "$err" | head -2)" = \
"hotline import: $T/types.json: Event: Attribute is not a list: none of it imported
hotline import: $T/types.json: Object 0 (?[2J) Attribute 0 (domain): value is not a string" ]
printf '{"Event": {"Attribute": [{"type": "domain", "value": "a.example\\u0000evil.example"}]}}' >"$T/nul.json"
run import "$T/nul.json"
check "a NUL in a value: not imported" sh -c 'printf "%s" "$1" | grep -qxF "hotline import: $2: Attribute 0 (domain): value holds a NUL byte"' _ "$err" "$T/nul.json"
python3 -c '
import json
print(json.dumps({"Event": {"Attribute": [{"type": "ip-dst", "value": "10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255)} for i in range(100000)]}}))' >"$T/big.json"
run import --json "$T/big.json"
check "10^5 attributes: the first 10000 taken, the rest counted" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
i = json.load(sys.stdin)["import"]
print(i["indicators"], i["skipped"], i["reports"][0])')" = \
    "10000 {'over the limit': 90000} {'where': 'Attribute 10000 (ip-dst)', 'why': 'more than 10000 indicators: a request carries at most that many; split the source'}" ]
finish
