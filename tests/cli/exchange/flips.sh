#!/bin/sh
# Every flipped byte fails accept, with a reason, and stores nothing.
# (Every byte and four bit positions are in test_envelope; here a stride
# of them goes through the command itself.) Three whose reasons are fixed.
. "$(dirname "$0")/exchange.sh"

pair
request
mkdir "$T/flips"
python3 -c 'import sys
b = open(sys.argv[1], "rb").read()
for i in range(0, len(b), 7):
    f = bytearray(b); f[i] ^= 1
    open("%s/%d.json" % (sys.argv[2], i), "wb").write(f)' "$T/msg.json" "$T/flips"
flipfail=0
for f in "$T"/flips/*.json; do
	run accept --dir "$B" "$f"
	case "$err" in
	"hotline accept: $f: "?*) ;;
	*) flipfail=1; bad "flip $f: rc $rc, stderr [$err]" ;;
	esac
	[ "$rc" = 1 ] || { flipfail=1; bad "flip $f: exit $rc"; }
done
check "every flip tried" [ "$(ls "$T/flips" | wc -l)" = $(( (size + 6) / 7 )) ]
check "flips accepted nothing" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]
[ "$flipfail" = 0 ] && ok

sed 's/"seq":1,/"seq":2,/' "$T/msg.json" >"$T/seq.json"
expect "changed seq" 1 '' \
    "hotline accept: $T/seq.json: id: does not match the content (computed $(printf '%s' "$(sed 's/"seq":1,/"seq":2,/' "$T/msg.json")" | python3 -c '
import hashlib,json,sys
e=json.loads(sys.stdin.read()); e.pop("id"); e.pop("sig")
print(hashlib.sha256(json.dumps(e,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()).hexdigest())'))" \
    -- accept --dir "$B" "$T/seq.json"
python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(b[:len(b)//2])' \
    "$T/msg.json" "$T/trunc.json"
run accept --dir "$B" "$T/trunc.json"
check "truncated" [ "$rc" = 1 ]
check "truncated names the byte" [ "$(printf '%s' "$err" | grep -c "^hotline accept: $T/trunc.json: byte [0-9]*: ")" = 1 ]
check "still nothing stored" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]
check "refused envelopes left no leaves" [ "$(sql "$B" "SELECT count(*) FROM log_leaves")" = 0 ]
finish
