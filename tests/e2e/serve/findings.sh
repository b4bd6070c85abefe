#!/bin/sh
# bb answers with findings from a file in hotline match --json's shape
# (reply --findings): aa receives a signed final answer whose findings are
# exactly the file's, and bb's request is answered final.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
request_delivered

# As match --json prints it: findings, then what it did not find and how
# it looked, which stay here.
cat >"$T/f.json" <<'JSON'
{"findings":[
  {"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3,
   "first_seen":"2026-11-20T01:02:03Z","last_seen":"2026-11-21T04:05:06Z",
   "where":["conn.log:12 id.orig_h","auth.log:3 col 17","conn.log:40 id.resp_h"]},
  {"indicator":{"type":"domain","value":"evil.example"},"count":1,
   "where":["dns.log:7 query"]}],
 "not_found":[{"type":"sha256","value":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}],
 "provenance":{"files":[{"name":"conn.log","size":4096,"format":"zeek","events":40}],
   "window":{"start":"2026-11-19T00:00:00Z","end":"2026-11-27T00:00:00Z"}}}
JSON
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
