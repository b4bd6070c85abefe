#!/bin/sh
# Both logs tell the same story: what aa reports asking bb is what bb
# reports aa asked it, down to the response times.
. "$(dirname "$0")/serve.sh"

fixture_pair
printf 'ping_interval = 1s\n' >>"$T/aa/hotline.conf"
start aa
start bb
# One request, answered interim then final (and interim again, forced);
# one query, withdrawn; the scheduled pings.
request_delivered
printf '{"summary":"looking into it"}' >"$T/interim.json"
"$HOTLINE" reply --dir "$T/bb" "$id" --body "$T/interim.json" >/dev/null
wait_for "aa sees answered-interim" state_is aa "$id" answered-interim
printf '{"summary":"blocked at the edge","actions":["block-host"]}' >"$T/final.json"
"$HOTLINE" reply --dir "$T/bb" "$id" --final --body "$T/final.json" >/dev/null
wait_for "aa sees answered-final" state_is aa "$id" answered-final
"$HOTLINE" reply --force --dir "$T/bb" "$id" --body "$T/interim.json" >/dev/null
printf '{"summary":"fifth"}' >"$T/q5.json"
wid=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q5.json")
"$HOTLINE" withdraw --dir "$T/aa" --reason "sent in error" "$wid" >/dev/null
wait_for "the withdrawal at bb" state_is bb "$wid" withdrawn
# Only the responses: bb's pongs to the scheduled pings go out too.
responses_delivered() {
	[ "$(sql "$T/bb" "SELECT count(*) FROM messages WHERE dir = 'out' AND \
	    type = 'response' AND receipt IS NOT NULL")" = 3 ]
}
wait_for "bb's responses delivered" responses_delivered
scheduled() {
	[ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE dir = 'out' \
	    AND type = 'ping' AND state = 'answered'")" -ge 3 ]
}
wait_for "three scheduled pings answered" scheduled
stop bb
stop aa

run report --json --dir "$T/aa" --peer cert.bb
AREP=$out
run report --json --dir "$T/bb" --peer cert.aa
BREP=$out
pick() {
	printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin)['peers'][0]['$2']; \
print([d[k] for k in ('requests','delivered','answered_in_time','answered_late','unanswered', \
'withdrawn','answers_delivered','notices')], d['first_response_s']['n'], \
d['final_response_s']['n'])"
}
check "aa's report: one request, delivered, answered in time, the answer delivered; a notice" \
    [ "$(pick "$AREP" out)" = "[1, 1, 1, 0, 0, 0, 1, 1] 1 1" ]
check "bb's report of the same, from bb's log" [ "$(pick "$BREP" in)" = "$(pick "$AREP" out)" ]
check "the same response times on both sides" [ "$(printf '%s' "$AREP" | python3 -c \
    "import json,sys; d=json.load(sys.stdin)['peers'][0]['out']; print(d['first_response_s'], d['final_response_s'])")" = \
    "$(printf '%s' "$BREP" | python3 -c \
    "import json,sys; d=json.load(sys.stdin)['peers'][0]['in']; print(d['first_response_s'], d['final_response_s'])")" ]
check "pings sent by aa, all answered" [ "$(printf '%s' "$AREP" | python3 -c \
    "import json,sys; d=json.load(sys.stdin)['peers'][0]['out']; print(d['pings'] >= 3, d['pings'] - d['pings_answered'] <= 1, d['rtt_ms']['n'] >= 3)")" = "True True True" ]
run report --dir "$T/aa" --peer cert.bb
check "the table has a row each way" [ "$(printf '%s\n' "$out" | awk 'NR > 2 { print $1, $2, $3 }' | tr '\n' ' ')" = \
    "cert.bb out 1 cert.bb in 0 " ]
expect "a bad --since" 2 '' "hotline report: --since: not a duration ago (7d), a date or an RFC 3339 time: 'May'" -- report --since May --dir "$T/aa"
finish
