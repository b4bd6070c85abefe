#!/bin/sh
# Bodies refused before they are envelopes, each with its stable problem
# type, and nothing stored.
. "$(dirname "$0")/serve.sh"

fixture_pair
start bb
before=$(sql "$T/bb" 'SELECT count(*) FROM messages')
refuse "malformed" 400 malformed --data-binary '{"v":'
python3 -c 'print("[" * 40 + "]" * 40)' >"$T/deep"
refuse "too deep" 400 too-deep --data-binary "@$T/deep"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/big"
refuse "too large" 413 too-large --data-binary "@$T/big"
printf '{"v":1}' >"$T/small"
refuse "schema" 400 schema --data-binary "@$T/small"
check "nothing stored by any refusal" [ "$(sql "$T/bb" 'SELECT count(*) FROM messages')" = "$before" ]
finish
