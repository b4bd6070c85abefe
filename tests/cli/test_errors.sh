#!/bin/sh
# Usage, help and refusals of the command line: exact exit codes and
# messages that name the file, field or peer, and nothing changed.
. "$(dirname "$0")/lib.sh"
need_shared vectors/jcs/input/values.json vectors/jcs/output/values.json

expect "no command" 2 '' '*' --
expect "unknown command" 2 '' \
    "hotline: 'frobnicate' is not a command; see 'hotline --help'" -- frobnicate
expect "version" 0 "hotline 0.1.0" '' -- --version
run --help
check "help lists commands" [ "$(printf '%s\n' "$out" | grep -c '^  [a-z]')" = 24 ]
for c in init id send reply withdraw ping outbox inbox show accept check canon log note proof alarm status report review verify origins serve demo; do
	run "$c" --help
	check "$c --help" [ "$rc" = 0 ]
	check "$c --help usage" [ "$(printf '%s' "$out" | head -c 15)" = \
	    "usage: hotline " ]
done
run peer --help
check "peer --help" [ "$rc" = 0 ]
expect "bad option" 2 '' '*' -- outbox --bogus

# init
expect "init without tier" 2 '' '*' -- init --party cert.aa --state AA \
    --dir "$T/x"
expect "init bad party" 2 '' \
    "hotline init: --party 'CERT_AA': not a party id ([a-z0-9.-]{1,64})" \
    -- init --party CERT_AA --state AA --tier cert --dir "$T/x"
expect "init bad state" 2 '' \
    "hotline init: --state 'aa': not an ISO 3166 alpha-2 code (two capital letters)" \
    -- init --party cert.aa --state aa --tier cert --dir "$T/x"
expect "init bad tier" 2 '' \
    "hotline init: --tier 'boss': must be cert, nrrc or policy" \
    -- init --party cert.aa --state AA --tier boss --dir "$T/x"
expect "init bad listen" 2 '' \
    "hotline init: --listen 'localhost': not HOST:PORT" \
    -- init --party cert.aa --state AA --tier cert --listen localhost --dir "$T/x"
expect "init bad endpoint" 2 '' \
    "hotline init: --endpoint 'http://x': not an https:// URL" \
    -- init --party cert.aa --state AA --tier cert --endpoint http://x --dir "$T/x"
check "nothing created" [ ! -e "$T/x" ]
A=$T/aa
expect "init" 0 '*' '' -- init --party cert.aa --state AA --tier cert --dir "$A"
before=$(cat "$A/msg.key")
expect "init twice" 1 '' \
    "hotline init: $A: already holds a hotline node (hotline.conf exists); refusing to overwrite" \
    -- init --party cert.zz --state ZZ --tier cert --dir "$A"
check "key kept" [ "$(cat "$A/msg.key")" = "$before" ]
expect "no node" 1 '' \
    "hotline outbox: $T/none: no hotline node here (run hotline init, or give --dir)" \
    -- outbox --dir "$T/none"
check "endpoint defaults from listen" [ "$(grep endpoint "$A/hotline.conf")" = \
    "endpoint = https://127.0.0.1:7443" ]

# A tampered config names its line.
cp "$A/hotline.conf" "$T/conf.bak"
printf 'colour = red\n' >>"$A/hotline.conf"
expect "config unknown key" 1 '' \
    "hotline id: $A/hotline.conf: line 7: unknown key 'colour'" -- id --dir "$A"
cp "$T/conf.bak" "$A/hotline.conf"
chmod 644 "$A/msg.key"
expect "key readable by others" 1 '' \
    "hotline id: $A/msg.key: readable by others (mode 644); run chmod 600" \
    -- id --dir "$A"
chmod 600 "$A/msg.key"

# peers
B=$T/bb
B2=$T/bb2
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B" >/dev/null
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B2" >/dev/null
"$HOTLINE" id --dir "$B" >"$T/bb.card"
"$HOTLINE" id --dir "$B2" >"$T/bb2.card"
"$HOTLINE" id --dir "$A" >"$T/aa.card"
expect "pin bb" 0 '*' '' -- peer add --dir "$A" "$T/bb.card"
expect "other card for bb" 1 '' \
    "hotline peer add: $T/bb2.card: a different card is pinned for cert.bb; give --replace to replace it" \
    -- peer add --dir "$A" "$T/bb2.card"
check "old pin kept" [ "$(sql "$A" 'SELECT card FROM peers')" = "$(cat "$T/bb.card")" ]
expect "pin self" 1 '' "hotline peer add: $T/aa.card: party: cert.aa is this node itself" \
    -- peer add --dir "$A" "$T/aa.card"
sed 's/"state":"BB"/"state":"BC"/' "$T/bb.card" >"$T/forged.card"
expect "forged card" 1 '' \
    "hotline peer add: $T/forged.card: sig: self-signature of cert.bb's card does not verify" \
    -- peer add --dir "$A" "$T/forged.card"
expect "card not JSON" 1 '' \
    "hotline peer add: $A/hotline.conf: byte 0: '[' or '{' expected near '#'" \
    -- peer add --dir "$A" "$A/hotline.conf"
expect "card is a directory" 1 '' "hotline peer add: $T: is a directory" \
    -- peer add --dir "$A" "$T"
head -c 5000 /dev/zero | tr '\0' ' ' >"$T/big.card"
expect "card too large" 1 '' "hotline peer add: $T/big.card: larger than 4096 bytes" \
    -- peer add --dir "$A" "$T/big.card"
expect "replace" 0 '*' '' -- peer add --replace --dir "$A" "$T/bb2.card"
check "new pin" [ "$(sql "$A" 'SELECT card FROM peers')" = "$(cat "$T/bb2.card")" ]

# send
printf '{"summary":"x"}' >"$T/q.json"
expect "send to unknown peer" 1 '' \
    "hotline send: unknown peer cert.zz: pin its card with hotline peer add" \
    -- send --dir "$A" --to cert.zz --type query --body "$T/q.json"
expect "send bad type" 2 '' \
    "hotline send: --type 'response': must be request, notice or query (responses go through hotline reply)" \
    -- send --dir "$A" --to cert.bb --type response --body "$T/q.json"
expect "send bad tlp" 2 '' \
    "hotline send: --tlp 'white': must be clear, green, amber, amber+strict or red (in any case)" \
    -- send --dir "$A" --to cert.bb --type query --tlp white --body "$T/q.json"
expect "send bad deadline" 2 '' \
    "hotline send: --deadline 'soon': not a duration (90m, 72h, 30d, 1w), a date (2026-12-24) or an RFC 3339 time" \
    -- send --dir "$A" --to cert.bb --type query --deadline soon --body "$T/q.json"
expect "send past deadline" 2 '' \
    "hotline send: --deadline '2020-01-01T00:00:00Z': already past" \
    -- send --dir "$A" --to cert.bb --type query --deadline 2020-01-01T00:00:00Z --body "$T/q.json"
expect "notice deadline" 2 '' "hotline send: --deadline: notices have no deadline" \
    -- send --dir "$A" --to cert.bb --type notice --deadline 1h --body "$T/q.json"
printf '{"category":"ddos","severity":"high","summary":"s","observed":{"start":"2026-11-20T00:00:00Z","end":"2026-11-21T00:00:00Z"},"indicators":[{"type":"ipv4","value":"10.1.2"}],"expectations":["investigate"]}' >"$T/bad.json"
expect "send bad indicator" 1 '' \
    "hotline send: $T/bad.json: indicators[0].value: not an IPv4 address" \
    -- send --dir "$A" --to cert.bb --type request --body "$T/bad.json"
printf '{"summary":"x",}' >"$T/broken.json"
expect "send broken JSON" 1 '' \
    "hotline send: $T/broken.json: byte 15: string or '}' expected near '}'" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/broken.json"
expect "send missing body file" 1 '' \
    "hotline send: $T/nope.json: No such file or directory" \
    -- send --dir "$A" --to cert.bb --type query --body "$T/nope.json"
check "nothing queued" [ "$(sql "$A" 'SELECT count(*) FROM messages')" = 0 ]

# show
expect "show unknown" 1 '' "hotline show: abcd: no such message" -- show --dir "$A" abcd
expect "show not an id" 1 '' \
    "hotline show: 'xyz': not an id (at least 4 lower-case hex digits)" \
    -- show --dir "$A" xyz
# reply and withdraw find messages the same way
expect "reply unknown" 1 '' "hotline reply: abcd: no such message" \
    -- reply --dir "$A" --body "$T/nope.json" abcd
expect "withdraw not an id" 1 '' \
    "hotline withdraw: 'xyz': not an id (at least 4 lower-case hex digits)" \
    -- withdraw --dir "$A" xyz
expect "show --json --raw" 2 '' '*' -- show --dir "$A" --json --raw abcd

# accept
printf '[]' >"$T/arr.json"
expect "accept an array" 1 '' \
    "hotline accept: $T/arr.json: an envelope must be a JSON object" \
    -- accept --dir "$A" "$T/arr.json"
head -c 1048577 /dev/zero | tr '\0' ' ' >"$T/huge.json"
expect "accept oversize" 1 '' \
    "hotline accept: $T/huge.json: envelope of 1048577 bytes is over the limit of 1048576" \
    -- accept --dir "$A" "$T/huge.json"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$T/huger.json"
expect "accept far oversize" 1 '' \
    "hotline accept: $T/huger.json: larger than 1048577 bytes" \
    -- accept --dir "$A" "$T/huger.json"

# canon, on the RFC 8785 author's vectors
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

# getopt's own complaints carry the prefix of every other error.
run log --bogus
check "an unknown option: exit 2" [ "$rc" = 2 ]
check "an unknown option: named as every error is" [ "$(printf '%s\n' "$err" | head -1)" = "hotline log: unrecognized option '--bogus'" ]

finish
