#!/bin/sh
# --json: findings and not_found as the engine gives them (a response
# body's findings), and the provenance, exactly; the same logs give the
# same bytes; what came from files is escaped in the table.
. "$(dirname "$0")/match.sh"

run match --indicators "$T/list.txt" --json "$T/auth.log" "$T/web.log"
check "--json: exactly" [ "$rc:$out" = "0:{
  \"findings\": [
    {
      \"indicator\": {
        \"type\": \"ipv4\",
        \"value\": \"203.0.113.7\"
      },
      \"count\": 1,
      \"first_seen\": \"2026-11-27T04:59:59Z\",
      \"last_seen\": \"2026-11-27T04:59:59Z\",
      \"where\": [
        \"$T/auth.log:1 col 61\"
      ]
    },
    {
      \"indicator\": {
        \"type\": \"domain\",
        \"value\": \"evil.example\"
      },
      \"count\": 1,
      \"first_seen\": \"2026-11-27T05:10:00Z\",
      \"last_seen\": \"2026-11-27T05:10:00Z\",
      \"where\": [
        \"$T/web.log:1 col 79\"
      ]
    }
  ],
  \"not_found\": [
    {
      \"type\": \"ipv4\",
      \"value\": \"192.0.2.99\"
    },
    {
      \"type\": \"md5\",
      \"value\": \"d41d8cd98f00b204e9800998ecf8427e\"
    }
  ],
  \"provenance\": {
    \"version\": \"0.1.0\",
    \"files\": [
      {
        \"path\": \"$T/auth.log\",
        \"size\": $(size "$T/auth.log"),
        \"sha256\": \"$(sha "$T/auth.log")\",
        \"format\": \"auth\",
        \"lines\": 2,
        \"events\": 2,
        \"blank\": 0,
        \"malformed\": 0,
        \"too_long\": 0,
        \"filtered\": 0,
        \"parts\": 1,
        \"binary\": false,
        \"syslog_year\": $(date -u -r "$T/auth.log" +%Y)
      },
      {
        \"path\": \"$T/web.log\",
        \"size\": $(size "$T/web.log"),
        \"sha256\": \"$(sha "$T/web.log")\",
        \"format\": \"web\",
        \"lines\": 1,
        \"events\": 1,
        \"blank\": 0,
        \"malformed\": 0,
        \"too_long\": 0,
        \"filtered\": 0,
        \"parts\": 1,
        \"binary\": false
      }
    ],
    \"window\": {
      \"since\": null,
      \"until\": null
    },
    \"indicators\": {
      \"source\": \"$T/list.txt\",
      \"from\": \"list\",
      \"count\": 4,
      \"invalid\": 0,
      \"repeats\": 0
    }
  }
}" ]
first=$out
run match --indicators "$T/list.txt" --json "$T/auth.log" "$T/web.log"
check "the same logs, the same bytes" [ "$out" = "$first" ]
# The findings are a response's: the schema of a response body takes them.
printf '%s' "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(json.dumps({"status": "final", "summary": "seen", "findings": j["findings"]}))' >"$T/answer.json"
expect "a response body with these findings is canonical JSON hotline takes" 0 '*' '' -- canon "$T/answer.json"
# A file's name with a control character: escaped in the table, \u in JSON.
esc=$(printf '%s/ev\033il.log' "$T")
cp "$T/auth.log" "$esc"
run match --indicators "$T/list.txt" "$esc"
check "the table escapes a file's name" [ "$rc:$(printf '%s\n' "$out" | grep -c "^input     $T/ev\\\\x1bil.log ")" = 0:1 ]
check "and nothing raw reaches the terminal" [ "$(printf '%s' "$out" | tr -d '\n' | tr -cd '\000-\037' | wc -c)" = 0 ]
run match --indicators "$T/list.txt" --json "$esc"
check "the provenance escapes it as JSON does" [ "$(printf '%s\n' "$out" | grep -c '"path": ".*/ev\\u001Bil.log"')" = 1 ]
check "a finding's where, a response's line of text, holds none" [ "$(printf '%s\n' "$out" | grep -c '"/.*/ev?il.log:1 col 61"')" = 1 ]
finish
