#!/bin/sh
# bb looks for aa's request's indicators in its logs (hotline match
# --request) and answers with what it found (reply --findings): aa receives
# a signed final answer whose findings are exactly match's, and bb's
# request is answered final.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
request_delivered

# bb looks for the request's indicator in its own logs: three sshd lines
# from the address inside the request's observed window (20 to 26
# November, widened a day), one long before it, one from 203.0.113.70.
cat >"$T/auth.log" <<'LOG'
Nov 21 04:05:06 edge sshd[101]: Failed password for root from 203.0.113.7 port 4022 ssh2
Nov 21 04:05:09 edge sshd[101]: Failed password for root from 203.0.113.7 port 4022 ssh2
Nov 25 23:59:59 edge sshd[102]: Invalid user admin from 203.0.113.7 port 4100
Nov 25 23:59:59 edge sshd[103]: Invalid user admin from 203.0.113.70 port 4100
Mar  1 10:00:00 edge sshd[104]: Failed password for root from 203.0.113.7 port 4000 ssh2
LOG
touch -d 2026-11-28T00:00:00Z "$T/auth.log"
"$HOTLINE" match --dir "$T/bb" --request "$id" --json "$T/auth.log" >"$T/f.json"
check "match found it three times, in the window" [ "$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
f = m["findings"][0]
print(len(m["findings"]), f["indicator"]["value"], f["count"], f["first_seen"],
      f["last_seen"], len(f["where"]), m["provenance"]["files"][0]["filtered"])' \
    "$T/f.json")" = "1 203.0.113.7 3 2026-11-21T04:05:06Z 2026-11-25T23:59:59Z 3 1" ]
printf '{"summary":"seen at the edge; host cleaned","actions":["block-host"]}' >"$T/answer.json"
r=$("$HOTLINE" reply --dir "$T/bb" "$id" --findings "$T/f.json" --final --body "$T/answer.json")
check "reply printed the response's id" [ "${#r}" = 64 ]
wait_for "the answer delivered" delivered bb 1
wait_for "aa sees answered-final" state_is aa "$id" answered-final
check "bb's request is answered-final" state_is bb "$id" answered-final

# The findings aa stored, canonical, are the file's, canonical.
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["findings"]))' \
    "$T/f.json" >"$T/want.json"
sql "$T/aa" "SELECT json_extract(raw, '$.body.findings') FROM messages WHERE id = '$r'" >"$T/got.json"
check "aa's response carries the findings" [ -s "$T/got.json" ]
check "exactly the file's findings" [ "$("$HOTLINE" canon "$T/got.json")" = "$("$HOTLINE" canon "$T/want.json")" ]
check "the rest of the body is answer.json's" [ "$(sql "$T/aa" "SELECT \
    json_extract(raw, '$.body.status'), json_extract(raw, '$.body.summary'), \
    json_extract(raw, '$.body.actions[0]'), json_extract(raw, '$.body.not_found') IS NULL, \
    json_extract(raw, '$.body.provenance') IS NULL, json_extract(raw, '$.refs[0]') \
    FROM messages WHERE id = '$r'")" = "final|seen at the edge; host cleaned|block-host|1|1|$id" ]
check "aa stored it as bb signed it" [ "$(sql "$T/aa" "SELECT raw FROM messages WHERE id = '$r'")" = \
    "$(sql "$T/bb" "SELECT raw FROM messages WHERE id = '$r'")" ]
finish
