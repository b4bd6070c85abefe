# The CLI's fixtures: the nodes of tests/e2e/fixture.sh (initialized once
# per build, copied into a case), for a case in a folder below this one.
# Sourced after lib.sh; sets $A and $B for aa and bb where a case asks.
CLI=$(dirname "$0")/..

. "$CLI/../e2e/fixture.sh"

# pin A B: A and B pin each other (as tests/e2e/lib.sh has it).
pin() {
	"$HOTLINE" peer add --dir "$T/$1" "$T/$2.card" >/dev/null || bad "pin $2 at $1"
	"$HOTLINE" peer add --dir "$T/$2" "$T/$1.card" >/dev/null || bad "pin $1 at $2"
}

# modes DIR: the modes of DIR and what it holds.
modes() {
	(cd "$1" && stat -c '%a %n' . * | tr '\n' ' ')
}

# history: aa ($A) and bb ($B) from the fixtures, aa pinning bb and
# holding a ping to it (not sent), so that aa's database is worth
# something; a copy of that database in $T/aa.db.
history() {
	fixture aa bb
	A=$T/aa
	B=$T/bb
	"$HOTLINE" peer add --dir "$A" "$T/bb.card" >/dev/null || bad "pin bb"
	"$HOTLINE" ping --dir "$A" cert.bb >/dev/null || bad "ping"
	cp "$A/hotline.db" "$T/aa.db"
}

# pair: $A (cert.aa, AA) and $B (cert.bb, BB), each pinning the other,
# their cards in $T/aa.card and $T/bb.card: lib.sh two_nodes, copied.
pair() {
	if [ -d "${HL_FIXTURES:-}/pair" ]; then
		cp -a "$HL_FIXTURES/pair/." "$T/" || bad "copy the pair"
		A=$T/aa
		B=$T/bb
	else
		two_nodes
	fi
}

# interop_msgs: the pair, and a request from aa to bb (TLP:AMBER, subject
# "interop") carrying each of the nine indicator types, and bb's final
# answer with three findings, both held by both nodes: $REQ and $RESP
# are their ids, $T/req.json the request's body.
interop_msgs() {
	pair
	cat >"$T/req.json" <<'JSON'
{"category":"intrusion","severity":"high","summary":"Intrusion at a grid operator: please look for these",
 "observed":{"start":"2026-11-20T00:00:00Z","end":"2026-11-26T23:59:59Z"},
 "sector":"energy",
 "indicators":[
  {"type":"ipv4","value":"203.0.113.7","first_seen":"2026-11-21T08:00:00Z","last_seen":"2026-11-22T09:30:00Z","count":14},
  {"type":"ipv6","value":"2001:db8::7"},
  {"type":"cidr","value":"198.51.100.0/24"},
  {"type":"domain","value":"evil.example"},
  {"type":"url","value":"http://evil.example/path?q=it's"},
  {"type":"email","value":"phish@evil.example"},
  {"type":"md5","value":"1717b7fff97d37a1e1a0029d83492de1"},
  {"type":"sha1","value":"c79a326f8411e9488bdc3779753e1e3489aaedea"},
  {"type":"sha256","value":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}],
 "expectations":["investigate","block-host","status-triage"]}
JSON
	REQ=$("$HOTLINE" send --dir "$A" --to cert.bb --type request \
	    --subject interop --deadline 48h --body "$T/req.json") ||
	    bad "send the interop request"
	"$HOTLINE" show --raw --dir "$A" "$REQ" >"$T/req.env"
	"$HOTLINE" accept --dir "$B" "$T/req.env" >/dev/null ||
	    bad "carry the interop request"
	cat >"$T/resp.json" <<'JSON'
{"summary":"Seen here: two of them, in our firewall and mail logs.",
 "findings":[
  {"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3,
   "first_seen":"2026-11-21T10:00:00Z","last_seen":"2026-11-21T11:00:00Z",
   "where":["fw.log:12 src","fw.log:40 src"]},
  {"indicator":{"type":"domain","value":"evil.example"},"count":1,
   "first_seen":"2026-11-22T00:00:00Z","last_seen":"2026-11-22T00:00:00Z",
   "where":["dns.log:7 query"]},
  {"indicator":{"type":"sha256","value":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
   "count":2}],
 "actions":["block-host"]}
JSON
	RESP=$("$HOTLINE" reply --dir "$B" "$REQ" --final --body "$T/resp.json") ||
	    bad "the interop answer"
	"$HOTLINE" show --raw --dir "$B" "$RESP" >"$T/resp.env"
	"$HOTLINE" accept --dir "$A" "$T/resp.env" >/dev/null ||
	    bad "carry the interop answer"
}
