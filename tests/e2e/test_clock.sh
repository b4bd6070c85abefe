#!/bin/sh
# Accountability does not run on the sender's clock. aa sends a request
# dated three days back, its hour long past before it arrives; bb answers
# at once. bb's status does not count it late, both reports count it
# answered in time from bb's receipt and agree, both bundles verify,
# cross-checked, and so does docs/audit/check_bundle.py. Then an envelope
# dated an hour ahead, over the wire: refused with clock-skew, not stored.
# Envelopes with chosen times come from tests/tools/dated.c.
. "$(dirname "$0")/lib.sh"
DATED=${DATED:?set DATED to the dated test helper}

node aa AA
node bb BB
pin aa bb
start aa
start bb

ssh_request "$T/req.json"
now=$(date +%s)
back=$((now - 3 * 86400))
r1=$("$DATED" "$T/aa" cert.bb request "$back" "$((back + 3600))" "$T/req.json")
check "a request dated three days back is queued" [ -n "$r1" ]
wait_for "r1 at bb" state_is bb "$r1" received
owed() {
	"$HOTLINE" status --json --dir "$T/bb" | python3 -c \
	    'import json,sys; r=json.load(sys.stdin)["requests"]; print(r["owed"], r["owed_late"])'
}
check "bb owes it, not late: its hour runs from bb's receipt" [ "$(owed)" = "1 0" ]
check "bb's received leaf is at bb's time, not the request's" [ "$(sql "$T/bb" \
    "SELECT stored >= $now FROM messages WHERE id = '$r1'")" = 1 ]
printf '{"summary":"blocked"}' >"$T/final.json"
"$HOTLINE" reply --dir "$T/bb" "$r1" --final --body "$T/final.json" >/dev/null
wait_for "r1 answered" state_is aa "$r1" answered-final
check "bb owes nothing" [ "$(owed)" = "0 0" ]
heads_cosigned() { cosigned aa bb && cosigned bb aa; }
wait_for "both heads cosigned" heads_cosigned
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa.bundle" >/dev/null || bad "aa's bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
# row BUNDLE DIR: the figures of the one peer's row.
row() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['report']['peers'][0]['$2']; \
print(d['requests'], d['delivered'], d['answered_in_time'], d['answered_late'], d['unanswered'], d['overdue'], \
d['first_response_s']['n'], d['first_response_s']['p50'] < 3600)" "$1"
}
check "bb: asked once, answered in time, well within the hour" [ "$(row "$T/bb.bundle" in)" = "1 1 1 0 0 0 1 True" ]
check "aa: the same" [ "$(row "$T/aa.bundle" out)" = "1 1 1 0 0 0 1 True" ]
first() {
	python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['report']['peers'][0]['$2']['first_response_s'])" "$1"
}
check "both count the same seconds to the answer" [ "$(first "$T/aa.bundle" out)" = "$(first "$T/bb.bundle" in)" ]
run verify --card "$T/aa.card" --card "$T/bb.card" "$T/aa.bundle" "$T/bb.bundle"
check "both bundles verify, cross-checked" [ "$rc" = 0 ]
CHECKER=$VECTORS/../../docs/audit/check_bundle.py
for s in aa bb; do
	run_checker() { python3 "$CHECKER" "$1" >"$T/checker.out" 2>&1; }
	check "check_bundle.py passes $s's bundle" run_checker "$T/$s.bundle"
	check "and says so" [ "$(tail -1 "$T/checker.out")" = OK ]
done

# An hour ahead of bb's clock, with aa's own key and certificate.
stop aa
ahead=$("$DATED" "$T/aa" cert.bb ping "$((now + 3600))" x)
"$HOTLINE" show --dir "$T/aa" --raw "$ahead" >"$T/ahead.json"
before=$(sql "$T/bb" 'SELECT count(*) FROM messages')
leaves=$(sql "$T/bb" 'SELECT count(*) FROM log_leaves')
# shellcheck disable=SC2086
wire bb /v1/messages --cert "$T/aa/tls.crt" --key "$T/aa/tls.key" \
    -H 'Content-Type: application/json' --data-binary "@$T/ahead.json"
check "dated an hour ahead: 400" [ "$status" = 400 ]
check "dated an hour ahead: clock-skew" [ "$(problem)" = "urn:hotline:problem:clock-skew" ]
check "the problem names created" [ "$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["field"])')" = created ]
check "nothing stored" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = "$before" ]
check "bb's log did not grow" [ "$(sql "$T/bb" 'SELECT count(*) FROM log_leaves')" = "$leaves" ]
stop bb
finish
