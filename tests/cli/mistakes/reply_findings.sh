#!/bin/sh
# reply --findings: a findings file (match --json output, or a bare
# array) goes into the answer; a bad one is named with its member and
# queues nothing; findings given twice, or stdin twice, are refused.
. "$(dirname "$0")/mistakes.sh"

requests
# state: bb's outbox, its message and leaf counts, and R1's state.
state() {
	"$HOTLINE" outbox --dir "$B"
	sql "$B" "SELECT count(*), (SELECT count(*) FROM log_leaves), \
	    (SELECT state FROM messages WHERE id = '$R1') FROM messages"
}
before=$(state)

cat >"$T/where_str.json" <<'JSON'
{"findings":[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":1,"where":["conn.log:1 id.orig_h"]},
 {"indicator":{"type":"ipv4","value":"192.0.2.1"},"count":1,"where":"conn.log:2 id.orig_h"}],
 "not_found":[],"provenance":{}}
JSON
expect "a string where" 1 '' \
    "hotline reply: $T/where_str.json: findings[1].where: must be an array" \
    -- reply --dir "$B" "$R1" --final --findings "$T/where_str.json" --body "$T/answer.json"
printf '[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"where":["a:1\\u001bx"]}]' >"$T/ctl.json"
expect "a control character in where" 1 '' \
    "hotline reply: $T/ctl.json: findings[0].where[0]: control character at byte 3" \
    -- reply --dir "$B" "$R1" --findings "$T/ctl.json" --body "$T/answer.json"
printf '[{"indicator":{"type":"ipv4","value":"203.0.113.07"}}]' >"$T/value.json"
expect "a bad indicator" 1 '' \
    "hotline reply: $T/value.json: findings[0].indicator.value: not an IPv4 address" \
    -- reply --dir "$B" "$R1" --findings "$T/value.json" --body "$T/answer.json"
python3 -c 'import json; print(json.dumps({"findings": [{"indicator": {"type": "ipv4", "value": "10.0.%d.%d" % (i // 256, i % 256)}, "count": 1} for i in range(10001)]}))' >"$T/many.json"
expect "10,001 findings" 1 '' \
    "hotline reply: $T/many.json: findings: 10001 findings, more than the 10000 a response may carry" \
    -- reply --dir "$B" "$R1" --findings "$T/many.json" --body "$T/answer.json"
expect "a request body is no findings file" 1 '' \
    "hotline reply: $T/req.json: no \"findings\": give hotline match --json output or a findings array" \
    -- reply --dir "$B" "$R1" --findings "$T/req.json" --body "$T/answer.json"
printf '{"findings":[' >"$T/cut.json"
expect "cut short" 1 '' \
    "hotline reply: $T/cut.json: byte 12: ']' expected near end of file" \
    -- reply --dir "$B" "$R1" --findings "$T/cut.json" --body "$T/answer.json"
expect "no such file" 1 '' \
    "hotline reply: $T/none.json: No such file or directory" \
    -- reply --dir "$B" "$R1" --findings "$T/none.json" --body "$T/answer.json"

printf '[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":2,"where":["auth.log:3 col 17"]}]' >"$T/f.json"
printf '{"summary":"x","findings":[]}' >"$T/has.json"
expect "findings in the body and in a file" 1 '' \
    "hotline reply: $T/has.json: has findings, and --findings $T/f.json gives others; give them in one place" \
    -- reply --dir "$B" "$R1" --findings "$T/f.json" --body "$T/has.json"
expect "stdin for both" 2 '' \
    "hotline reply: --body - and --findings -: only one can be standard input" \
    -- reply --dir "$B" "$R1" --findings - --body -
check "nothing queued, nothing logged" [ "$(state)" = "$before" ]

# Accepted: a bare array from stdin, without --body: reply's own summary.
run reply --dir "$B" "$R1" --findings - <"$T/f.json"
check "findings from stdin" [ "$rc" = 0 ]
check "the default body around them" [ "$(sql "$B" "SELECT json_extract(raw, '$.body.status'), \
    json_extract(raw, '$.body.summary'), json_extract(raw, '$.body.findings') FROM messages WHERE id = '$out'")" = \
    'interim|1 indicator found in our logs.|[{"count":2,"indicator":{"type":"ipv4","value":"203.0.113.7"},"where":["auth.log:3 col 17"]}]' ]
printf '{"findings":[],"not_found":[{"type":"ipv4","value":"192.0.2.1"}]}' >"$T/none_found.json"
run reply --dir "$B" "$R1" --final --findings "$T/none_found.json"
check "nothing found, final" [ "$rc" = 0 ]
check "says so, with an empty findings" [ "$(sql "$B" "SELECT json_extract(raw, '$.body.status'), \
    json_extract(raw, '$.body.summary'), json_extract(raw, '$.body.findings'), \
    json_extract(raw, '$.body.not_found') IS NULL FROM messages WHERE id = '$out'")" = \
    'final|No indicator found in our logs.|[]|1' ]
check "R1 answered-final" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R1'")" = answered-final ]
finish
