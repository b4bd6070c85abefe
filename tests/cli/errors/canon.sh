#!/bin/sh
# canon, on the RFC 8785 author's vectors (read in place from
# ../shared), stdin, and the input it refuses, named.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

need_shared vectors/jcs/input/values.json vectors/jcs/output/values.json
for v in arrays structures unicode values; do
	"$HOTLINE" canon "$SHARED/vectors/jcs/input/$v.json" >"$T/c.json"
	check "canon $v" cmp -s "$T/c.json" "$SHARED/vectors/jcs/output/$v.json"
done
expect "canon stdin" 0 '{"a":[1.5,2000],"b":1}' '' -- canon - <<'JSON'
{"b": 1, "a": [1.50, 2e3]}
JSON
expect "canon duplicate" 1 '' \
    "hotline canon: -: byte 9: duplicate object key near '\"a\"'" -- canon - <<'JSON'
{"a":1,"a":2}
JSON
printf '["\355\240\200"]' >"$T/sur.json"
expect "canon surrogate in UTF-8" 1 '' \
    "hotline canon: $T/sur.json: byte 1: invalid UTF-8 (unable to decode byte 0xed near '\"')" \
    -- canon "$T/sur.json"
# The input's backslash is escaped on stderr: "\\" reads back as "\".
expect "canon lone surrogate" 1 '' \
    "hotline canon: -: byte 8: invalid Unicode '\\\\uD800' near '\"\\\\uD800\"'" -- canon - <<'JSON'
["\uD800"]
JSON
python3 -c 'print("[" * 300)' >"$T/deep.json"
expect "canon too deep" 1 '' \
    "hotline canon: $T/deep.json: byte 256: nested deeper than 256 levels" \
    -- canon "$T/deep.json"
finish
