#!/bin/sh
# hotline export --format stix of a request carrying all nine indicator
# types and of its response with findings: the OASIS validator passes
# both; what it does not check, tests/interop/ref_stix.py does (patterns
# parse, modified >= created, refs resolve, the TLP marking-definition is
# the standard's own); the validator and the check are live (each file of
# bad/ is refused by one of them); the patterns, the sightings' refs and
# the same bytes twice; and the round trip gives the same indicators.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"
need_shared interop/stix/validate interop/stix/bad/bad-pattern.json \
    vectors/stix/tlp2/tlp-amber.json
REF=$(dirname "$0")/../../interop/ref_stix.py
VALIDATE="/usr/bin/python3 $SHARED/interop/stix/validate"

# Each broken variant is refused: by the schemas, or by our own check.
for f in bad-hash-key bad-id bad-no-pattern bad-spec-version bad-timestamp; do
	check "validator refuses $f" sh -c "! $VALIDATE '$SHARED/interop/stix/bad/$f.json' >/dev/null"
done
for f in bad-modified-before-created bad-pattern bad-pattern-hash; do
	check "validator passes $f (it checks shapes only)" sh -c "$VALIDATE '$SHARED/interop/stix/bad/$f.json' >/dev/null"
	check "ref_stix.py check refuses $f" sh -c "! python3 '$REF' check '$SHARED/interop/stix/bad/$f.json' >/dev/null"
done
check "ref_stix.py check passes the valid example" \
    python3 "$REF" check "$SHARED/interop/stix/example-hotline-bundle.json"

interop_msgs
run export --dir "$A" "$REQ" --format stix --out "$T/req.stix"
check "export the request: exit 0" [ "$rc" = 0 ]
run export --dir "$A" "$RESP" --format stix --out "$T/resp.stix"
check "export the response: exit 0" [ "$rc" = 0 ]
check "the validator passes the request's bundle" $VALIDATE "$T/req.stix"
check "the validator passes the response's bundle" $VALIDATE "$T/resp.stix"
check "ref_stix.py check passes both" python3 "$REF" check --tlp \
    "$SHARED/vectors/stix/tlp2" "$T/req.stix" "$T/resp.stix"

# The same message, the same bytes, on either node.
"$HOTLINE" export --dir "$A" "$REQ" --format stix >"$T/req2.stix"
"$HOTLINE" export --dir "$B" "$REQ" --format stix >"$T/req3.stix"
check "the same bytes twice" cmp -s "$T/req.stix" "$T/req2.stix"
check "the same bytes from the other node" cmp -s "$T/req.stix" "$T/req3.stix"

# What the export says, object by object; $C the message's created.
C=$(sql "$A" "SELECT strftime('%Y-%m-%dT%H:%M:%S.000Z', json_extract(raw, '$.created')) FROM messages WHERE id = '$REQ'")
check "the request's objects" [ "$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
print(" ".join(o["type"] for o in b["objects"]))
for o in b["objects"]:
    if o["type"] == "indicator":
        print(o["pattern"], o["valid_from"])
r = [o for o in b["objects"] if o["type"] == "report"][0]
print(r["name"], "|", r["description"], "|", r["labels"], "|", r["published"])
e = r["external_references"][0]
print(e["external_id"] == sys.argv[2], e["source_name"], e["description"].split(", deadline ")[0], ", deadline " in e["description"])
print(len(r["object_refs"]), set(o["object_marking_refs"][0] for o in b["objects"] if "object_marking_refs" in o))
print(b["objects"][0]["id"], b["objects"][0]["name"])
' "$T/req.stix" "$REQ")" = "marking-definition identity identity indicator indicator indicator indicator indicator indicator indicator indicator indicator report
[ipv4-addr:value = '203.0.113.7'] 2026-11-21T08:00:00.000Z
[ipv6-addr:value = '2001:db8::7'] $C
[ipv4-addr:value = '198.51.100.0/24'] $C
[domain-name:value = 'evil.example'] $C
[url:value = 'http://evil.example/path?q=it\\'s'] $C
[email-addr:value = 'phish@evil.example'] $C
[file:hashes.'MD5' = '1717b7fff97d37a1e1a0029d83492de1'] $C
[file:hashes.'SHA-1' = 'c79a326f8411e9488bdc3779753e1e3489aaedea'] $C
[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'] $C
interop | Intrusion at a grid operator: please look for these | ['category:intrusion', 'severity:high', 'sector:energy', 'expectation:investigate', 'expectation:block-host', 'expectation:status-triage'] | $C
True hotline hotline request from cert.aa to cert.bb, tier cert True
11 {'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'}
marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421 TLP:AMBER" ]

# The response's sightings point at the ids the request's export gave.
check "each sighting's indicator is the request's own" [ "$(python3 -c '
import json, sys
q = json.load(open(sys.argv[1]))["objects"]
r = json.load(open(sys.argv[2]))["objects"]
qi = {o["id"]: o["pattern"] for o in q if o["type"] == "indicator"}
ri = {o["id"]: o["pattern"] for o in r if o["type"] == "indicator"}
ident = {o["name"]: o["id"] for o in r if o["type"] == "identity"}
for s in (o for o in r if o["type"] == "sighting"):
    print(qi[s["sighting_of_ref"]] == ri[s["sighting_of_ref"]], s.get("count"), s.get("first_seen"), s.get("last_seen"),
        s["where_sighted_refs"] == [ident["cert.bb"]], s["created_by_ref"] == ident["cert.bb"], repr(s.get("description")))
rep = [o for o in r if o["type"] == "report"][0]
print(rep["description"], rep["labels"])
print(sorted(o["type"] for o in r))
' "$T/req.stix" "$T/resp.stix")" = "True 3 2026-11-21T10:00:00.000Z 2026-11-21T11:00:00.000Z True True 'fw.log:12 src\\nfw.log:40 src'
True 1 2026-11-22T00:00:00.000Z 2026-11-22T00:00:00.000Z True True 'dns.log:7 query'
True 2 None None True True None
Seen here: two of them, in our firewall and mail logs.

Actions taken: block-host ['status:final']
['identity', 'identity', 'indicator', 'indicator', 'indicator', 'marking-definition', 'report', 'sighting', 'sighting', 'sighting']" ]

# Round trip: export, then import, gives the request's indicators.
run import "$T/req.stix"
check "import of the export: exit 0, all of it imported" [ "$rc" = 0 ]
check "only what the body lacks is said (no sighting, so no observed)" [ "$err" = "hotline import: $T/req.stix: the body lacks category, severity, observed, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]
printf '%s' "$out" >"$T/back.json"
check "the same typed indicators" [ "$(python3 -c '
import json, sys
a = sorted((i["type"], i["value"]) for i in json.load(open(sys.argv[1]))["indicators"])
b = sorted((i["type"], i["value"]) for i in json.load(open(sys.argv[2]))["indicators"])
print(a == b, len(a))' "$T/req.json" "$T/back.json")" = "True 9" ]
check "the summary and the marking come back" [ "$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
print(b["summary"], b["tlp"])' "$T/back.json")" = "Intrusion at a grid operator: please look for these amber" ]
run import "$T/resp.stix"
check "import of the response's export: the sighted three" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print(sorted((i["type"], i["value"]) for i in json.load(sys.stdin)["indicators"]))')" = \
    "[('domain', 'evil.example'), ('ipv4', '203.0.113.7'), ('sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')]" ]
check "the sightings' times come back as first and last seen" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
for i in json.load(sys.stdin)["indicators"][:2]:
    print(i["value"], i["first_seen"], i["last_seen"])')" = "203.0.113.7 2026-11-21T10:00:00Z 2026-11-21T11:00:00Z
evil.example 2026-11-22T00:00:00Z 2026-11-22T00:00:00Z" ]

# A notice with indicators and a query without: valid too.
printf '{"kind":"planned-activity","summary":"A scan from us","window":{"start":"2026-12-01T00:00:00Z","end":"2026-12-02T00:00:00Z"},"indicators":[{"type":"cidr","value":"192.0.2.0/28"}]}' >"$T/n.json"
printf '{"summary":"Do you see scans from 192.0.2.0/28?"}' >"$T/q.json"
NOTICE=$("$HOTLINE" send --dir "$A" --to cert.bb --type notice --body "$T/n.json")
QUERY=$("$HOTLINE" send --dir "$A" --to cert.bb --type query --tlp green --body "$T/q.json")
"$HOTLINE" export --dir "$A" "$NOTICE" --format stix --out "$T/notice.stix"
"$HOTLINE" export --dir "$A" "$QUERY" --format stix --out "$T/query.stix"
check "the validator passes the notice's and the query's" $VALIDATE "$T/notice.stix" "$T/query.stix"
check "ref_stix.py check passes them" python3 "$REF" check --tlp \
    "$SHARED/vectors/stix/tlp2" "$T/notice.stix" "$T/query.stix"
check "the notice's objects, the query's" [ "$(python3 -c '
import json, sys
for f in sys.argv[1:]:
    b = json.load(open(f))
    r = [o for o in b["objects"] if o["type"] == "report"][0]
    print(" ".join(o["type"] for o in b["objects"]), "|", r["name"][:14], "|", r.get("labels"), "|",
        [o["pattern"] for o in b["objects"] if o["type"] == "indicator"])' "$T/notice.stix" "$T/query.stix")" = \
    "marking-definition identity identity indicator report | hotline notice | ['kind:planned-activity'] | [\"[ipv4-addr:value = '192.0.2.0/28']\"]
marking-definition identity identity report | hotline query  | None | []" ]

# A stricter --tlp marks every object, and includes its definition.
run export --dir "$A" "$REQ" --format stix --tlp amber+strict
check "--tlp amber+strict: one marking, the stricter" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print([o["name"] for o in b["objects"] if o["type"] == "marking-definition"],
    set(m for o in b["objects"] for m in o.get("object_marking_refs", [])))')" = \
    "['TLP:AMBER+STRICT'] {'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'}" ]
printf '%s' "$out" >"$T/strict.stix"
check "ref_stix.py check: the amber+strict definition is the standard's" \
    python3 "$REF" check --tlp "$SHARED/vectors/stix/tlp2" "$T/strict.stix"
finish
