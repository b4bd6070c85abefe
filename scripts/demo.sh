#!/bin/sh
# The demo behind `make demo`: two national CERTs in a throwaway directory
# exchange identity cards and a signed request (as a file, until the
# network exists), and a tampered copy is refused. Leaves nothing behind.
set -eu

H=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d /tmp/hotline-demo.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
A=$T/cert.aa
B=$T/cert.bb

if [ -t 1 ]; then bold='\033[1m' plain='\033[0m'; else bold= plain=; fi
say() { printf "\n$bold== %s$plain\n" "$*"; }
show() { printf '$ %s\n' "$*" | sed "s|$T|\$DEMO|g; s|$H|hotline|"; "$@" 2>&1 | sed "s|$T|\$DEMO|g"; }

say "Two nodes: the national CERTs of states AA and BB"
show "$H" init --party cert.aa --state AA --tier cert --listen 127.0.0.1:7001 --dir "$A"
show "$H" init --party cert.bb --state BB --tier cert --listen 127.0.0.1:7002 --dir "$B"

say "They exchange self-signed identity cards and pin each other's keys"
"$H" id --dir "$A" >"$T/aa.card"
"$H" id --dir "$B" >"$T/bb.card"
printf '$ hotline id --dir $DEMO/cert.aa > aa.card\n'
sed 's/,/,\n  /g' "$T/aa.card" | sed '1s/^{/{\n  /'
show "$H" peer add --dir "$B" "$T/aa.card"
show "$H" peer add --dir "$A" "$T/bb.card"

say "AA asks BB for help: SSH brute force from BB's address space"
cat >"$T/request.json" <<'JSON'
{
  "category": "scanning",
  "severity": "high",
  "sector": "energy",
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
show "$H" outbox --dir "$A"

say "The exact signed bytes travel to BB (a file today, HTTPS tomorrow)"
"$H" show --dir "$A" --raw "$id" >"$T/request.signed"
printf '$ hotline show --raw %.12s > request.signed   (%s bytes, RFC 8785 canonical JSON)\n' \
    "$id" "$(wc -c <"$T/request.signed")"
show "$H" accept --dir "$B" "$T/request.signed"
show "$H" accept --dir "$B" "$T/request.signed"
show "$H" inbox --dir "$B"

say "Someone edits the copy in transit: 'high' becomes 'low'"
sed 's/"severity":"high"/"severity":"low"/' "$T/request.signed" >"$T/tampered.signed"
show "$H" accept --dir "$B" "$T/tampered.signed" || true
say "...and recomputes the id to match: the signature still gives it away"
# Cutting members out of canonical JSON leaves it canonical, so the id can
# be recomputed with sed and sha256sum alone.
unsigned=$(sed 's/"id":"[0-9a-f]*",//; s/"sig":"[^"]*",//' "$T/tampered.signed")
newid=$(printf '%s' "$unsigned" | sha256sum | cut -c1-64)
sed -i "s/\"id\":\"[0-9a-f]*\"/\"id\":\"$newid\"/" "$T/tampered.signed"
show "$H" accept --dir "$B" "$T/tampered.signed" || true

say "BB's inbox still holds exactly one message, the genuine one"
show "$H" inbox --dir "$B"
say "Both logs recorded the exchange: AA's 'queued', BB's 'received'"
show "$H" log leaf 0 --dir "$B"
show "$H" log head --dir "$A"

say "BB witnesses AA's log: it cosigns AA's checkpoint, AA keeps the cosignature"
"$H" log head --dir "$A" >"$T/aa.checkpoint"
printf '$ hotline log cosign --peer cert.aa aa.checkpoint > aa.cosigned   (at BB)\n'
"$H" log cosign --dir "$B" --peer cert.aa "$T/aa.checkpoint" >"$T/aa.cosigned"
show "$H" log cosignature add --dir "$A" "$T/aa.cosigned"
show "$H" log head --dir "$A"

say "Anyone can check, offline, that AA logged the request, with the two cards' keys"
"$H" log proof inclusion 0 --dir "$A" >"$T/leaf0.proof"
"$H" log leaf 0 --dir "$A" | tr -d '\n' >"$T/leaf0.json"
VA=$(sed 's/.*"key":"\([^"]*\)".*/\1/' "$T/aa.card")
VB=$(sed 's/.*"key":"\([^"]*\)".*/\1/' "$T/bb.card")
show "$H" proof verify --key "$VA" --key "$VB" --leaf "$T/leaf0.json" "$T/leaf0.proof"
show "$H" log verify --dir "$A"
show "$H" log verify --dir "$B"

printf '\nDone: everything lived in %s, now removed.\n' "$T"
