#!/bin/sh
# Card expiry: peer add refuses an expired card; status and todo warn
# within 30 days of a card's end (this node's and a pinned peer's); an
# expired own card is an alarm (status --check exits 3) and sends
# nothing; a peer's expired card: nothing is sent to it, nothing it made
# after its end is taken (what it made before still is), until its
# renewal's notice, which is taken even so.
. "$(dirname "$0")/../lib.sh"
DATED=${DATED:?set DATED to the dated test helper}

A=$T/aa
B=$T/bb
X=$T/xx
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$A" \
    --listen 127.0.0.1:7101 >/dev/null || bad "init aa"
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B" \
    --listen 127.0.0.1:7102 --valid 6s >/dev/null || bad "init bb"
"$HOTLINE" init --party cert.xx --state XX --tier cert --dir "$X" \
    --listen 127.0.0.1:7109 --valid 1s >/dev/null || bad "init xx"
for n in aa bb xx; do
	"$HOTLINE" id --json --dir "$T/$n" >"$T/$n.card" || bad "card $n"
done
"$HOTLINE" peer add --dir "$A" "$T/bb.card" >/dev/null || bad "pin bb"
"$HOTLINE" peer add --dir "$B" "$T/aa.card" >/dev/null || bad "pin aa"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }
na_bb=$(field "$T/bb.card" not_after)
na_xx=$(field "$T/xx.card" not_after)
printf '{"summary":"anything?"}' >"$T/q.json"

# Made while bb's card was valid: q1, created then; q2 dated at its
# not_after (by a copy of bb, so that bb's own queue holds q1 only).
q1=$("$HOTLINE" send --dir "$B" --to cert.aa --type query --body "$T/q.json") || bad "q1"
"$HOTLINE" show --dir "$B" --raw "$q1" >"$T/q1.json"
cp -a "$B" "$T/bbcopy"
q2=$("$DATED" "$T/bbcopy" cert.aa query "$(date -u -d "$na_bb" +%s)" "$T/q.json") || bad "q2"
"$HOTLINE" show --dir "$T/bbcopy" --raw "$q2" >"$T/q2.json"

# Within 30 days: warnings, this node's and a pinned peer's.
"$HOTLINE" init --party cert.ww --state WW --tier cert --dir "$T/ww" \
    --listen 127.0.0.1:7104 --valid 29d >/dev/null || bad "init ww"
"$HOTLINE" init --party cert.yy --state YY --tier cert --dir "$T/yy" \
    --listen 127.0.0.1:7105 --valid 31d >/dev/null || bad "init yy"
"$HOTLINE" id --json --dir "$T/ww" >"$T/ww.card"
"$HOTLINE" id --json --dir "$T/yy" >"$T/yy.card"
na_ww=$(field "$T/ww.card" not_after)
run status --dir "$T/ww"
check "status: the card and a warning at 29 days" [ "$(printf '%s\n' "$out" | grep -E '^(card|WARNING) ')" = \
    "card        serial 1, valid until $na_ww
WARNING     this node's card expires $na_ww: renew it with hotline key rotate --identity FILE" ]
run status --dir "$T/yy"
check "none at 31 days" [ "$(printf '%s\n' "$out" | grep -c '^WARNING')" = 0 ]
run todo --json --dir "$T/ww"
check "todo: a card-expiry item, due at not_after" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; i=json.load(sys.stdin)["items"]; print(len(i), i[0]["kind"], i[0]["due"], "peer" in i[0])')" = \
    "1 card-expiry $na_ww False" ]
expect "todo --json at 31 days: nothing" 0 "nothing needs attention" '' -- todo --dir "$T/yy"
"$HOTLINE" peer add --dir "$T/yy" "$T/ww.card" >/dev/null || bad "pin ww at yy"
run status --dir "$T/yy"
check "a pinned peer's card within 30 days" [ "$(printf '%s\n' "$out" | grep '^WARNING')" = \
    "WARNING     the pinned card of cert.ww expires $na_ww: it has to renew it" ]
run todo --json --dir "$T/yy"
check "todo names the peer" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; i=json.load(sys.stdin)["items"]; print(len(i), i[0]["kind"], i[0]["peer"])')" = \
    "1 card-expiry cert.ww" ]
run status --json --dir "$T/yy"
check "status --json: cards" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; print([(c["party"], c["own"], c["serial"], c["state"]) for c in json.load(sys.stdin)["cards"]])')" = \
    "[('cert.yy', True, 1, 'valid'), ('cert.ww', False, 1, 'expiring')]" ]

# Past bb's end (and xx's).
na_s=$(date -u -d "$na_bb" +%s)
while [ "$(date +%s)" -le "$na_s" ]; do sleep 1; done

expect "peer add of an expired card" 1 '' \
    "hotline peer add: $T/xx.card: not_after: cert.xx's card (serial 1) expired at $na_xx" \
    -- peer add --dir "$A" "$T/xx.card"
check "not pinned" [ "$(sql "$A" "SELECT count(*) FROM peers WHERE party = 'cert.xx'")" = 0 ]
run status --check --dir "$B"
check "an expired own card: status --check exits 3" [ "$rc" = 3 ]
check "with an alarm line" [ "$(printf '%s\n' "$out" | sed 's/ (since .*//')" = \
    "ALARM card-expired: this node's card (serial 1) is not valid now (until $na_bb): peers refuse it; renew it with hotline key rotate --identity FILE" ]
expect "bb sends nothing" 1 '' \
    "hotline send: this node's card (serial 1) is not valid now (until $na_bb): renew it first, with hotline key rotate --identity FILE" \
    -- send --dir "$B" --to cert.aa --type query --body "$T/q.json"
expect "nothing is sent to bb" 1 '' \
    "hotline send: cert.bb's pinned card (serial 1) is not valid now (until $na_bb): nothing is sent to it until a valid card is pinned (its key notice, or peer add --replace)" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/q.json"
expect "nor pinged" 1 '*' \
    "hotline ping: cert.bb's pinned card (serial 1) is not valid now (until $na_bb): nothing is sent to it until a valid card is pinned (its key notice, or peer add --replace)" \
    -- ping --dir "$A" cert.bb
run status --check --dir "$A"
check "aa's status --check: bb's card is an alarm" [ "$rc/$(printf '%s\n' "$out" | sed 's/ (since .*//')" = \
    "3/ALARM card-expired peer=cert.bb: the pinned card (serial 1) is not valid now (until $na_bb): what is queued to it is held until a valid card is pinned" ]
expect "what bb made before its end is taken" 0 "accepted $q1 from cert.bb seq 1" '' \
    -- accept --dir "$A" "$T/q1.json"
expect "what it made at its end is not" 1 '' \
    "hotline accept: $T/q2.json: created: is after cert.bb's pinned card (serial 1) expired at $na_bb: nothing it makes is taken until a valid card is pinned" \
    -- accept --dir "$A" "$T/q2.json"
check "q2 is not stored" [ "$(sql "$A" "SELECT count(*) FROM messages WHERE id = '$q2'")" = 0 ]

# bb renews: its notice is taken though the card aa pinned expired.
expect "bb renews" 0 '*' '' -- key rotate --identity "$B/identity.key" --dir "$B"
expect "bb's status: no alarm" 0 "OK cert.bb: no alarms" '' -- status --check --dir "$B"
n=$(sql "$B" "SELECT id FROM messages WHERE dir = 'out' AND type = 'notice'")
"$HOTLINE" show --dir "$B" --raw "$n" >"$T/renew.json"
expect "the renewal's notice is taken" 0 "accepted $n from cert.bb seq 2" '' \
    -- accept --dir "$A" "$T/renew.json"
check "aa pins serial 2" [ "$(sql "$A" "SELECT json_extract(card, '$.serial') FROM peers WHERE party = 'cert.bb'")" = 2 ]
expect "and sends to bb again" 0 '*' '' -- send --dir "$A" --to cert.bb --type query --body "$T/q.json"
expect "no more alarm" 0 "OK cert.aa: no alarms" '' -- status --check --dir "$A"
finish
