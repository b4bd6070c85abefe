#!/bin/sh
# The demo behind `make demo`: the national CERTs of two states run
# hotline nodes on loopback. A request goes out over mutually
# authenticated HTTPS and its signed receipt comes back; the other side
# answers, interim then final; a second request goes unanswered past its
# deadline and is escalated to BB's policy office; a ping measures the
# link; each node's log is cosigned by the other; a tampered copy is
# refused; an auditor checks a receipt's leaf offline with public keys;
# the logs verify. Leaves nothing behind. `hotline demo` runs this.
set -eu

H=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d /tmp/hotline-demo.XXXXXX)
A=$T/cert.aa
B=$T/cert.bb
P=$T/policy.bb
PA= PB= PP=
cleanup() {
	[ -n "$PA" ] && kill "$PA" 2>/dev/null || true
	[ -n "$PB" ] && kill "$PB" 2>/dev/null || true
	[ -n "$PP" ] && kill "$PP" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if [ -t 1 ]; then bold='\033[1m' plain='\033[0m'; else bold= plain=; fi
say() { printf "\n$bold== %s$plain\n" "$*"; }
show() { printf '$ %s\n' "$*" | sed "s|$T|\$DEMO|g; s|$H|hotline|"; "$@" 2>&1 | sed "s|$T|\$DEMO|g"; }
# until COMMAND succeeds (30 s at most)
until_ok() {
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || { echo "demo: timed out: $*" >&2; exit 1; }
		sleep 0.1
	done
}
state_is() { "$H" show --json --dir "$1" "$2" | grep -q "\"state\": \"$3\""; }
cosigned_by() { "$H" log head --dir "$1" | grep -q "^— hotline/$2 "; }

# Free ports, from `hotline demo` (each node's listener, then each one's
# console); run by hand, six after a guess.
g=$((20000 + $$ % 20000))
# shellcheck disable=SC2086
set -- ${HOTLINE_DEMO_PORTS:-$g $((g + 1)) $((g + 2)) $((g + 3)) $((g + 4)) $((g + 5))}
say "Two nodes: the national CERTs of states AA and BB, on loopback"
show "$H" init --party cert.aa --state AA --tier cert --listen "127.0.0.1:$1" --console "127.0.0.1:$4" --dir "$A"
show "$H" init --party cert.bb --state BB --tier cert --listen "127.0.0.1:$2" --console "127.0.0.1:$5" --dir "$B"
say "And BB's policy office, where unanswered requests escalate to"
show "$H" init --party policy.bb --state BB --tier policy --listen "127.0.0.1:$3" --console "127.0.0.1:$6" --dir "$P"
CA=$4 CB=$5

say "They exchange identity cards (signed by each one's identity key) and pin each other's keys"
# id says the card's serial and validity on stderr, for a person.
"$H" id --dir "$A" >"$T/aa.card" 2>/dev/null
"$H" id --dir "$B" >"$T/bb.card" 2>/dev/null
show "$H" peer add --dir "$B" "$T/aa.card"
show "$H" peer add --dir "$A" "$T/bb.card"
"$H" id --dir "$P" >"$T/policy.card" 2>/dev/null
show "$H" peer add --dir "$A" "$T/policy.card"
show "$H" peer add --dir "$P" "$T/aa.card"

say "Both daemons start (mutual TLS: only pinned keys get in)"
"$H" serve --dir "$A" 2>"$T/aa.log" & PA=$!
"$H" serve --dir "$B" 2>"$T/bb.log" & PB=$!
"$H" serve --dir "$P" 2>"$T/policy.log" & PP=$!
until_ok grep -q serving "$T/aa.log"
until_ok grep -q serving "$T/bb.log"
until_ok grep -q serving "$T/policy.log"
cat "$T/aa.log" "$T/bb.log" "$T/policy.log"

say "AA asks BB for help: SSH brute force from BB's address space"
cat >"$T/request.json" <<'JSON'
{
  "category": "scanning", "severity": "high", "sector": "energy",
  "summary": "SSH brute force against grid operators from addresses in your space.",
  "observed": { "start": "2026-11-20T00:00:00Z", "end": "2026-11-26T23:59:59Z" },
  "indicators": [
    { "type": "ipv4", "value": "203.0.113.7", "count": 1200,
      "first_seen": "2026-11-20T01:02:03Z", "last_seen": "2026-11-26T10:00:00Z" },
    { "type": "cidr", "value": "198.51.100.0/24", "count": 310 }
  ],
  "expectations": ["investigate", "block-host", "status-triage"]
}
JSON
printf '$ hotline send --to cert.bb --type request --deadline 72h --tlp amber --body request.json\n'
id=$("$H" send --dir "$A" --to cert.bb --type request --subject "SSH brute force" \
    --deadline 72h --tlp amber --body "$T/request.json")
echo "$id"
until_ok state_is "$A" "$id" delivered
show "$H" outbox --dir "$A"
show "$H" inbox --dir "$B"

say "BB's duty officer sees it at the top of the queue, with the time left"
show "$H" todo --dir "$B"
pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$pw" | "$H" user add duty --role officer --password-stdin --dir "$B" >/dev/null
printf '%s\n' "$pw" | "$H" user add duty --role officer --password-stdin --dir "$A" >/dev/null
printf '  The same queue in a browser: BB https://127.0.0.1:%s/ and AA https://127.0.0.1:%s/\n' "$CB" "$CA"
printf '  (login duty, password %s; the certificate is the node'"'"'s own, self-signed)\n' "$pw"

say "AA keeps BB's signed receipt: BB stored it as leaf 0 of BB's log"
show "$H" show --dir "$A" "$id" | grep -E '^(\$|id|state|receipt) '
grep -h "msg=" "$T/aa.log" "$T/bb.log" | sed 's/^/  /'

say "BB answers: first an interim note, then its findings"
printf '{"summary":"Looking into it; the address belongs to a hosting customer."}' >"$T/interim.json"
show "$H" reply --dir "$B" "$id" --body "$T/interim.json"
until_ok state_is "$A" "$id" answered-interim
cat >"$T/final.json" <<'JSON'
{"summary":"Customer host compromised; cleaned and blocked at the edge.",
 "actions":["block-host","rebuild-asset"],
 "findings":[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3412,
              "first_seen":"2026-11-19T22:10:00Z","last_seen":"2026-11-26T09:58:00Z",
              "where":["hosting provider netflow"]}]}
JSON
show "$H" reply --dir "$B" "$id" --final --body "$T/final.json"
until_ok state_is "$A" "$id" answered-final
show "$H" outbox --dir "$A"

say "AA's team takes the answer into its own MISP or OpenCTI, as STIX 2.1"
rid=$("$H" inbox --dir "$A" --json | sed -n 's/.*"id": "\([0-9a-f]*\)".*/\1/p' | tail -1)
show "$H" export --dir "$A" "$rid" --format stix --out "$T/answer.stix.json"
grep -o '"type": "[a-z-]*"' "$T/answer.stix.json" | sort | uniq -c | sed 's/^/  /'

say "A second request goes unanswered; at its (short) deadline AA escalates"
printf '{"category":"ddos","severity":"critical","summary":"DDoS on our grid operator from your address space.","observed":{"start":"2026-11-26T00:00:00Z","end":"2026-11-27T00:00:00Z"},"indicators":[{"type":"cidr","value":"198.51.100.0/24"}],"expectations":["block-network"]}' >"$T/ddos.json"
printf '$ hotline send --to cert.bb --type request --deadline 3s --body ddos.json\n'
id2=$("$H" send --dir "$A" --to cert.bb --type request --subject "DDoS" \
    --deadline 3s --body "$T/ddos.json")
echo "$id2"
until_ok state_is "$A" "$id2" escalated
escalated() { "$H" inbox --dir "$P" | grep -q escalation; }
until_ok escalated
show "$H" outbox --dir "$A"
show "$H" inbox --dir "$P"
grep -h "overdue" "$T/aa.log" | sed 's/^/  /'

say "AA pings BB: a signed ping, a signed pong, the round trip kept"
printf '$ hotline ping cert.bb\n'
pid=$("$H" ping --dir "$A" cert.bb)
echo "$pid"
until_ok state_is "$A" "$pid" answered

say "Each log is cosigned by the other node"
until_ok cosigned_by "$A" cert.bb
until_ok cosigned_by "$B" cert.aa
show "$H" log head --dir "$A"
show "$H" log head --dir "$B"

say "A copy edited in transit ('high' -> 'low') is refused, with the id recomputed too"
"$H" show --dir "$A" --raw "$id" | sed 's/"severity":"high"/"severity":"low"/' >"$T/tampered"
unsigned=$(sed 's/"id":"[0-9a-f]*",//; s/"sig":"[^"]*",//' "$T/tampered")
newid=$(printf '%s' "$unsigned" | sha256sum | cut -c1-64)
sed -i "s/\"id\":\"[0-9a-f]*\"/\"id\":\"$newid\"/" "$T/tampered"
show "$H" check --dir "$B" "$T/tampered" || true

say "An auditor's check, offline: AA's receipt names a leaf of BB's log"
until_ok cosigned_by "$B" cert.aa
leaf=$("$H" show --dir "$A" "$id" | sed -n 's/^receipt   leaf \([0-9]*\) of .*/\1/p')
"$H" log leaf "$leaf" --dir "$B" >"$T/leaf.json"
"$H" log proof inclusion "$leaf" --dir "$B" >"$T/proof"
VA=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' "$T/aa.card")
VB=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' "$T/bb.card")
printf '$ hotline log proof inclusion %s --dir cert.bb > proof\n' "$leaf"
sed 's/^/  /' "$T/proof"
printf '$ hotline proof verify --key cert.bb --key cert.aa --leaf leaf.json proof\n'
"$H" proof verify --key "$VB" --key "$VA" --leaf "$T/leaf.json" "$T/proof" 2>&1

say "What happened, as each log proves it"
show "$H" outbox --dir "$A"
show "$H" report --dir "$A"
show "$H" report --dir "$B"
show "$H" status --dir "$A"
show "$H" status --dir "$B"
show "$H" log verify --dir "$A"
show "$H" log verify --dir "$B"
show "$H" log verify --dir "$P"

say "A third party checks both reports offline, number by number"
until_ok cosigned_by "$A" cert.bb
until_ok cosigned_by "$B" cert.aa
"$H" report --dir "$A" --bundle "$T/aa.bundle" >/dev/null
"$H" report --dir "$B" --bundle "$T/bb.bundle" >/dev/null
printf '$ hotline report --bundle aa.bundle    (and bb.bundle, on their nodes)\n'
printf '$ hotline verify --card aa.card --card bb.card --card policy.card aa.bundle bb.bundle\n'
"$H" verify --card "$T/aa.card" --card "$T/bb.card" --card "$T/policy.card" \
    "$T/aa.bundle" "$T/bb.bundle" 2>&1 |
    grep -v '^ *PEER\|^report of\|^cert\.' || true

say "Who did what, on each side: the audit trail"
show "$H" audit --dir "$B"

if [ -t 0 ] && [ -t 1 ]; then
	printf '\nThe consoles are up: BB https://127.0.0.1:%s/, AA https://127.0.0.1:%s/\n' "$CB" "$CA"
	printf '(login duty, password %s). Press Enter to stop the demo. ' "$pw"
	read -r _ || true
fi
kill "$PA" "$PB" "$PP"
wait "$PA" "$PB" "$PP" 2>/dev/null || true
PA= PB= PP=
printf '\nDone: the daemons stopped; everything lived in %s, now removed.\n' "$T"
