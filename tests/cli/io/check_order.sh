#!/bin/sh
# The check order of hotline(1): not JSON, then not an envelope or a
# schema error, and only then not canonical, even for input the strict
# parser would first find whitespace in.
. "$(dirname "$0")/io.sh"

one
printf '{"v": 1, "id": ' >"$T/broken.json"
expect "not JSON" 1 '' "hotline check: $T/broken.json: byte 14: not JSON: unexpected token near end of file" \
    -- check --dir "$B" "$T/broken.json"
printf '{\n  "summary": "a body, not an envelope"\n}\n' >"$T/body.json"
expect "a body" 1 '' "hotline check: $T/body.json: not an envelope: no \"v\", \"id\" or \"sig\" member (a message body is sent with hotline send)" \
    -- check --dir "$B" "$T/body.json"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); del e["tlp"]; print(json.dumps(e, indent=2))' \
    "$T/msg.json" >"$T/notlp.json"
expect "indented, a member gone: the schema" 1 '' "hotline check: $T/notlp.json: tlp: required" \
    -- check --dir "$B" "$T/notlp.json"
"$HOTLINE" check --json --dir "$B" "$T/body.json" >"$T/refused.json" 2>/dev/null
check "check --json of a refusal: exit 1" [ $? = 1 ]
json "check --json refusal" "$T/refused.json"
check "the problem type" [ "$(field "$T/refused.json" 'j["result"], j["type"]')" = "('refused', 'schema')" ]
"$HOTLINE" check --json --dir "$B" "$T/broken.json" >"$T/refused2.json" 2>/dev/null
check "not JSON names the byte" [ "$(field "$T/refused2.json" 'j["type"], j["offset"]')" = "('malformed', 14)" ]
check "nothing stored" [ "$(count "$B")" = 0 ]
finish
