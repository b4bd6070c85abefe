#!/bin/sh
# hotline export --format iodef of a request carrying all nine indicator
# types and of its final answer with findings: both valid against RFC
# 7970's XSD (../shared/interop/iodef/validate), which also refuses each
# of its broken variants; then what the XSD does not check: the marking
# from the TLP, the same bytes from either node and twice, the answer's
# IndicatorIDs its request's, one Indicator per value, base64 digests;
# and export then import gives the request's typed set again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

need_shared interop/iodef/validate interop/iodef/bad/bad-digest.xml
command -v xmllint >/dev/null 2>&1 || { echo "SKIP: xmllint (libxml2-utils) is missing"; exit 77; }
V=$SHARED/interop/iodef/validate

interop_msgs
run export --dir "$A" "$REQ" --format iodef --out "$T/req.xml"
check "the request exported" [ "$rc" = 0 ]
run export --dir "$A" "$RESP" --format iodef --out "$T/resp.xml"
check "the response exported" [ "$rc" = 0 ]
sh "$V" "$T/req.xml" "$T/resp.xml" >"$T/v.out" 2>&1
check "both valid against the XSD" [ $? = 0 ] || cat "$T/v.out" >&2
check "said" [ "$(cat "$T/v.out")" = "$T/req.xml validates
$T/resp.xml validates" ]
n=0
for f in "$SHARED"/interop/iodef/bad/*.xml; do
	n=$((n + 1))
	sh "$V" "$f" >"$T/v.out" 2>&1
	check "the validator refuses $(basename "$f")" [ $? != 0 ] &&
	    check "as invalid, not unread" grep -qxF "$f fails to validate" "$T/v.out"
done
check "six broken variants" [ "$n" = 6 ]

# A notice (its window and indicators) and a query (none) are valid too.
printf '{"kind":"planned-activity","summary":"a scan from us","window":{"start":"2026-12-01T00:00:00Z","end":"2026-12-02T00:00:00Z"},"indicators":[{"type":"cidr","value":"192.0.2.0/24"}]}' >"$T/n.json"
printf '{"summary":"have you seen this?"}' >"$T/q.json"
NOTICE=$("$HOTLINE" send --dir "$A" --to cert.bb --type notice --body "$T/n.json") || bad "send the notice"
QUERY=$("$HOTLINE" send --dir "$A" --to cert.bb --type query --tlp green --body "$T/q.json") || bad "send the query"
"$HOTLINE" export --dir "$A" "$NOTICE" --format iodef --out "$T/notice.xml" &&
    "$HOTLINE" export --dir "$A" "$QUERY" --format iodef --out "$T/query.xml" || bad "export the notice and the query"
sh "$V" "$T/notice.xml" "$T/query.xml" >"$T/v.out" 2>&1
check "a notice and a query: valid" [ $? = 0 ] || cat "$T/v.out" >&2
check "their purposes, markings, window" [ "$(python3 - "$T/notice.xml" "$T/query.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
N = "{urn:ietf:params:xml:ns:iodef-2.0}"
n = ET.parse(sys.argv[1]).getroot().find(N + "Incident")
q = ET.parse(sys.argv[2]).getroot().find(N + "Incident")
print(n.get("purpose"), n.find(N + "StartTime").text, n.find(N + "EndTime").text,
      [a.text for a in n.findall(N + "AdditionalData")], len(list(n.iter(N + "Indicator"))),
      q.get("purpose"), q.get("restriction"), q.find(N + "IndicatorData"))
PY
)" = "reporting 2026-12-01T00:00:00Z 2026-12-02T00:00:00Z ['TLP:AMBER', 'planned-activity'] 1 other green None" ]

# Deterministic: twice, and from the other node that holds it too.
"$HOTLINE" export --dir "$A" "$REQ" --format iodef >"$T/req2.xml"
"$HOTLINE" export --dir "$B" "$REQ" --format iodef >"$T/req3.xml"
check "the same bytes twice" cmp -s "$T/req.xml" "$T/req2.xml"
check "the same bytes from either node" cmp -s "$T/req.xml" "$T/req3.xml"

# What the XSD does not say, read with an XML parser of Python's own.
check "the request: its purpose, marking, ids and nine Indicators" [ "$(python3 - "$T/req.xml" "$REQ" <<'PY'
import sys, uuid, xml.etree.ElementTree as ET
N = "{urn:ietf:params:xml:ns:iodef-2.0}"
r = ET.parse(sys.argv[1]).getroot()
inc = r.find(N + "Incident")
ns = uuid.UUID("4b2742a7-efa9-5d59-8eb7-2631963a4353")
ids = [i.find(N + "IndicatorID") for i in inc.iter(N + "Indicator")]
want = []
for t, v in [("ipv4", "203.0.113.7"), ("ipv6", "2001:db8::7"), ("cidr", "198.51.100.0/24"),
             ("domain", "evil.example"), ("url", "http://evil.example/path?q=it's"),
             ("email", "phish@evil.example"), ("md5", "1717b7fff97d37a1e1a0029d83492de1"),
             ("sha1", "c79a326f8411e9488bdc3779753e1e3489aaedea"),
             ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]:
    want.append("indicator--" + str(uuid.uuid5(ns, "indicator:%s:%s:%s" % (sys.argv[2], t, v))))
print(r.get("version"), inc.get("purpose"), inc.get("restriction"),
      inc.find(N + "IncidentID").get("name"), inc.find(N + "IncidentID").text == sys.argv[2],
      [i.text for i in ids] == want, {i.get("name") for i in ids},
      [e.get("action") for e in inc.iter(N + "Expectation")],
      inc.find(N + "GenerationTime").text.endswith("Z"),
      [a.text for a in inc.findall(N + "AdditionalData") if a.get("meaning") == "tlp"])
PY
)" = "2.00 mitigation amber cert.aa True True {'cert.aa'} ['investigate', 'block-host', 'status-triage'] True ['TLP:AMBER']" ]
check "the digests: base64 of the bytes" [ "$(python3 - "$T/req.xml" <<'PY'
import base64, sys, xml.etree.ElementTree as ET
D = "{http://www.w3.org/2000/09/xmldsig#}"
r = ET.parse(sys.argv[1]).getroot()
print(sorted((m.get("Algorithm").split("#")[1], base64.b64decode(v.text).hex())
             for m, v in zip(r.iter(D + "DigestMethod"), r.iter(D + "DigestValue"))))
PY
)" = "[('md5', '1717b7fff97d37a1e1a0029d83492de1'), ('sha1', 'c79a326f8411e9488bdc3779753e1e3489aaedea'), ('sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')]" ]
check "the answer: reporting, resolved, its request named, its findings the request's ids" [ "$(python3 - "$T/resp.xml" "$T/req.xml" "$REQ" <<'PY'
import sys, xml.etree.ElementTree as ET
N = "{urn:ietf:params:xml:ns:iodef-2.0}"
r = ET.parse(sys.argv[1]).getroot().find(N + "Incident")
q = ET.parse(sys.argv[2]).getroot()
qids = {i.text for i in q.iter(N + "IndicatorID")}
ids = [i.find(N + "IndicatorID") for i in r.iter(N + "Indicator")]
rel = r.find(N + "RelatedActivity/" + N + "IncidentID")
ind = next(r.iter(N + "Indicator"))
print(r.get("purpose"), r.get("status"), r.get("restriction"), rel.get("name"), rel.text == sys.argv[3],
      len(ids), all(i.text in qids for i in ids), {i.get("name") for i in ids},
      ind.find(N + "StartTime").text, ind.find(N + "EndTime").text,
      [(a.get("meaning"), a.text) for a in ind.findall(N + "AdditionalData")],
      [h.get("action") for h in r.iter(N + "HistoryItem")])
PY
)" = "reporting resolved amber cert.aa True 3 True {'cert.aa'} 2026-11-21T10:00:00Z 2026-11-21T11:00:00Z [('count', '3'), ('where', 'fw.log:12 src'), ('where', 'fw.log:40 src')] ['block-host']" ]

# Round trip: export, import, the same typed set and marking.
run import --json "$T/req.xml"
check "the export imports whole" [ "$rc" = 0 ] || printf '%s\n' "$err" >&2
check "the same nine typed indicators, the marking, the members" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
o = json.load(sys.stdin); b = o["body"]
r = json.load(open(sys.argv[1]))
same = sorted((i["type"], i["value"]) for i in b["indicators"]) == sorted((i["type"], i["value"]) for i in r["indicators"])
print(same, o["import"]["format"], b["tlp"], b["summary"] == r["summary"], b["category"], b["sector"], b["severity"], b["observed"] == r["observed"], b["expectations"])' "$T/req.json")" = \
    "True iodef amber True intrusion energy high True ['investigate', 'block-host', 'status-triage']" ]
run import --json "$T/resp.xml"
check "the answer's findings import as its three indicators" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)["body"]
print(sorted((i["type"], i["value"]) for i in b["indicators"]))')" = \
    "[('domain', 'evil.example'), ('ipv4', '203.0.113.7'), ('sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')]" ]
# A summary with U+FFFE and U+FFFF, which a message may carry and XML
# may not: the export is still a document, with U+FFFD for each.
python3 -c '
import json, sys
b = json.load(open(sys.argv[1])); b["summary"] = "a\ufffeb\uffffc"
json.dump(b, open(sys.argv[2], "w"))' "$T/req.json" "$T/nonchar.json"
NC=$("$HOTLINE" send --dir "$A" --to cert.bb --type request --body "$T/nonchar.json")
run export --dir "$A" "$NC" --format iodef --out "$T/nonchar.xml"
check "exported" [ "$rc" = 0 ]
check "well-formed" xmllint --noout "$T/nonchar.xml"
check "each noncharacter a replacement character" [ "$(python3 -c '
import sys, xml.etree.ElementTree as E
d = E.parse(sys.argv[1]).getroot()
print([e.text for e in d.iter() if e.tag.endswith("}Description")][0] == "a\ufffdb\ufffdc")' "$T/nonchar.xml")" = True ]
finish
