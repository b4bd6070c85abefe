#!/bin/sh
# The loop closed by hand: bb matches the request it received, puts the
# findings of match --json into its signed final answer with reply
# --findings, and aa, accepting that answer, holds exactly those findings.
. "$(dirname "$0")/match.sh"
. "$(dirname "$0")/../fixture.sh"

pair
HOME=$T/home
export HOME
body "$T/body.json" 2026-11-20T00:00:00Z 2026-11-26T23:59:59Z
id=$("$HOTLINE" send --dir "$A" --to cert.bb --type request --deadline 48h --body "$T/body.json")
"$HOTLINE" show --raw --dir "$A" "$id" >"$T/req.env"
"$HOTLINE" accept --dir "$B" "$T/req.env" >/dev/null || bad "carry the request"
expect "bb matches the request" 0 '' '' -- match --dir "$B" --request "$id" --json --out "$T/m.json" "$T/auth.log" "$T/web.log"
printf '{"summary": "seen in our logs"}' >"$T/answer.json"
run reply --dir "$B" "$id" --final --findings "$T/m.json" --body "$T/answer.json"
check "reply --findings takes match's output" [ "$rc" = 0 ]
rid=$out
"$HOTLINE" show --raw --dir "$B" "$rid" >"$T/ans.env"
"$HOTLINE" accept --dir "$A" "$T/ans.env" >/dev/null || bad "carry the answer"
run show --dir "$A" --raw "$rid"
check "aa holds the findings as match gave them, signed" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
a = json.load(sys.stdin)["body"]["findings"]
m = json.load(open(sys.argv[1]))["findings"]
print(a == m, [(f["indicator"]["value"], f["count"]) for f in a])' "$T/m.json")" = \
    "True [('203.0.113.7', 1), ('evil.example', 1)]" ]
finish
