#!/bin/sh
# hotline export --format misp of the interop fixture's request (all nine
# indicator types) and response (three findings): both pass MISP's own
# validator (schema, describeTypes categories, object templates), which
# refuses each broken example (so it is live); then what the validator
# does not check: hotline's type mapping and categories, to_ids, the
# TLP tag and distribution, uuids well formed, distinct and derived (the
# response's attributes are the request's, both nodes export the same
# bytes), sightings by the responder at the finding's last sighting, the
# message named; and the round trip back through import, the very same
# typed set, with exactly the two text attributes reported.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"
need_shared interop/misp/validate interop/misp/bad
V=$SHARED/interop/misp/validate
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: MISP's validator needs Debian's python3-jsonschema"
	exit 77
fi

for f in "$SHARED"/interop/misp/bad/*.json; do
	/usr/bin/python3 "$V" "$f" >/dev/null 2>&1
	check "the validator refuses $(basename "$f")" [ $? = 1 ]
done

interop_msgs
run export --dir "$A" "$REQ" --format misp --out "$T/req.misp.json"
check "the request exported" [ "$rc" = 0 ]
run export --dir "$A" "$RESP" --format misp --out "$T/resp.misp.json"
check "the response exported" [ "$rc" = 0 ]
run export --dir "$B" "$REQ" --format misp
check "the recipient exports the same bytes" [ "$out" = "$(cat "$T/req.misp.json")" ]
run export --dir "$A" "$REQ" --format misp
check "and again the same bytes" [ "$out" = "$(cat "$T/req.misp.json")" ]
run export --dir "$B" "$RESP" --format misp
check "the response's too" [ "$out" = "$(cat "$T/resp.misp.json")" ]

/usr/bin/python3 "$V" "$T/req.misp.json" "$T/resp.misp.json" >"$T/v" 2>&1
check "MISP's validator passes both ($(cat "$T/v"))" [ $? = 0 ]

check "the request's event" [ "$(python3 - "$T/req.misp.json" "$T/req.json" "$REQ" <<'PY'
import json, re, sys
e = json.load(open(sys.argv[1]))["Event"]
body = json.load(open(sys.argv[2]))
req = sys.argv[3]
uuid5 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
want = {"ipv4": ("ip-dst", "Network activity"), "ipv6": ("ip-dst", "Network activity"),
        "cidr": ("ip-dst", "Network activity"), "domain": ("domain", "Network activity"),
        "url": ("url", "Network activity"), "email": ("email-src", "Payload delivery"),
        "md5": ("md5", "Payload delivery"), "sha1": ("sha1", "Payload delivery"),
        "sha256": ("sha256", "Payload delivery")}
attrs = {a["value"]: a for a in e["Attribute"]}
bad = []
for i in body["indicators"]:
    a = attrs.get(i["value"])
    if a is None or (a["type"], a["category"]) != want[i["type"]] or a["to_ids"] is not True:
        bad.append(i["value"])
uuids = [e["uuid"], e["Orgc"]["uuid"]] + [a["uuid"] for a in e["Attribute"]]
if not all(uuid5.match(u) for u in uuids) or len(set(uuids)) != len(uuids):
    bad.append("uuids")
ip = attrs["203.0.113.7"]
print(bad, e["info"], e["date"], e["threat_level_id"], e["analysis"], e["distribution"],
      e["Tag"], e["Orgc"]["name"], e["published"],
      attrs["hotline request " + req]["category"],
      ip["first_seen"], ip["last_seen"], ip["comment"], len(e["Attribute"]))
PY
)" = "[] interop $(sql "$A" "SELECT substr(json_extract(raw, '$.created'), 1, 10) FROM messages WHERE id = '$REQ'") 1 1 0 [{'name': 'tlp:amber'}] cert.aa False Internal reference 2026-11-21T08:00:00.000000+00:00 2026-11-22T09:30:00.000000+00:00 first seen 2026-11-21T08:00:00Z, last seen 2026-11-22T09:30:00Z 11" ]

check "the response's event: its request's attributes, sighted" [ "$(python3 - "$T/resp.misp.json" "$T/req.misp.json" "$REQ" "$RESP" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["Event"]
r = json.load(open(sys.argv[2]))["Event"]
req, resp = sys.argv[3], sys.argv[4]
ruuid = {a["value"]: a["uuid"] for a in r["Attribute"]}
out = []
for a in e["Attribute"]:
    if a["type"] in ("text", "comment"):
        out.append((a["type"], a["value"].replace(req, "REQ").replace(resp, "RESP")))
        continue
    s = a["Sighting"]
    out.append((a["value"], a["uuid"] == ruuid[a["value"]], len(s), s[0]["source"],
                s[0]["type"], int(s[0]["date_sighting"]), a.get("comment")))
print(e["uuid"] != r["uuid"], e["Orgc"]["name"], e["analysis"], e["info"])
for o in out:
    print(o)
PY
)" = "True cert.bb 2 Seen here: two of them, in our firewall and mail logs.
('text', 'hotline response RESP to request REQ')
('comment', 'summary: Seen here: two of them, in our firewall and mail logs.\nstatus: final\nactions: block-host')
('203.0.113.7', True, 1, 'cert.bb', '0', 1795258800, 'count 3; first seen 2026-11-21T10:00:00Z; last seen 2026-11-21T11:00:00Z; where: fw.log:12 src, fw.log:40 src')
('evil.example', True, 1, 'cert.bb', '0', 1795305600, 'count 1; first seen 2026-11-22T00:00:00Z; last seen 2026-11-22T00:00:00Z; where: dns.log:7 query')
('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', True, 1, 'cert.bb', '0', $(sql "$A" "SELECT CAST(strftime('%s', json_extract(raw, '\$.created')) AS INTEGER) FROM messages WHERE id = '$RESP'"), 'count 2')" ]

# The round trip: import gives back the request's typed set, in order.
run import --json "$T/req.misp.json"
printf '%s' "$out" >"$T/back.json"
check "round trip: the same typed indicators" [ "$(python3 -c '
import json, sys
back = json.load(open(sys.argv[1]))
req = json.load(open(sys.argv[2]))
print([(i["type"], i["value"]) for i in back["body"]["indicators"]] ==
      [(i["type"], i["value"]) for i in req["indicators"]], back["body"]["tlp"],
      back["body"]["severity"], back["import"]["skipped"])' "$T/back.json" "$T/req.json")" = \
    "True amber high {'attribute type text': 1, 'attribute type comment': 1}" ]
run import "$T/req.misp.json"
check "round trip: the message's two text attributes reported, exactly" [ "$err" = \
"hotline import: $T/req.misp.json: Attribute 0 (text): no hotline type
hotline import: $T/req.misp.json: Attribute 1 (comment): no hotline type
hotline import: $T/req.misp.json: the body lacks category, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]
run import --json "$T/resp.misp.json"
check "a response's round trip: its findings' typed set" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print([(i["type"], i["value"]) for i in json.load(sys.stdin)["body"]["indicators"]])')" = \
    "[('ipv4', '203.0.113.7'), ('domain', 'evil.example'), ('sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')]" ]

PING=$("$HOTLINE" ping --dir "$A" cert.bb 2>/dev/null)
expect "a ping has nothing to export" 1 '' '*' -- export --dir "$A" "$PING" --format misp
check "said so" sh -c 'printf "%s" "$1" | grep -q "a ping has nothing to export"' _ "$err"
finish
