#!/bin/sh
# origins against logs written by attackers: addresses of one /64 crafted
# to collide in the old fixed hash count as a plain count does; the cap
# on distinct addresses is said with its file and line, the events past
# it counted as over the cap and in no row, the same with one thread or
# two.
. "$(dirname "$0")/lib.sh"

O=$VECTORS/../origins
GEO=$O/blocks.mmdb
unset HOTLINE_TEST_ORIGINS_CAP

# The crafted /64 (20,000 addresses, the first 5,000 twice), and IPv4
# addresses of ten blocks, some repeated, interleaved.
python3 "$O/crafted64.py" 20000 >"$T/crafted.txt"
python3 - "$T/crafted.txt" "$T/mixed.txt" <<'PY'
import sys
crafted = open(sys.argv[1]).read().split()
out = open(sys.argv[2], "w")
firsts = [20, 40, 60, 80, 100, 130, 150, 170, 190, 210]
for i, a in enumerate(crafted + crafted[:5000]):
    out.write(a + "\n")
    if i % 7 == 0:
        f = firsts[i % 10]
        out.write("%d.%d.%d.%d\n" % (f, i % 5, i % 3, i % 11 + 1))
PY
# The plain count: blocks.mmdb names IPv4 by its first octet's /4 (XA
# for 0/4, XB for 16/4, ...) and knows no IPv6. Events down, then name.
python3 - "$T/mixed.txt" >"$T/want.csv" <<'PY'
import sys
ev, addrs = {}, {}
for a in open(sys.argv[1]).read().split():
    k = "unknown" if ":" in a else "X" + chr(ord("A") + int(a.split(".")[0]) // 16)
    ev[k] = ev.get(k, 0) + 1
    addrs.setdefault(k, set()).add(a)
for k in sorted(ev, key=lambda k: (-ev[k], k)):
    print("%s,%d,%d" % (k, ev[k], len(addrs[k])))
PY
run origins --geo "$GEO" --csv "$T/mixed.txt"
check "crafted /64: exit 0" [ "$rc" = 0 ]
check "crafted /64: the table is the plain count" \
    [ "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1-3)" = "$(cat "$T/want.csv")" ]
check "crafted /64: 20,000 addresses in no row but unknown" \
    [ "$(printf '%s\n' "$out" | grep '^unknown' | cut -d, -f1-3)" = "unknown,25000,20000" ]

# The cap, lowered for the test: 1,000 distinct addresses.
printf '198.51.100.1\n' >"$T/one.txt"	# special: the "private" row
head -n 1500 "$T/crafted.txt" >"$T/c1500.txt"
cat "$T/c1500.txt" "$T/c1500.txt" >>"$T/one.txt"
export HOTLINE_TEST_ORIGINS_CAP=1000
run origins --geo "$GEO" "$T/one.txt"
check "cap: exit 1" [ "$rc" = 1 ]
check "cap: said with the file and the line" [ "$err" = \
    "hotline origins: $T/one.txt:1001: more than 1000 distinct addresses: from here on, events of addresses not yet counted are counted as over the cap, in no row" ]
check "cap: known addresses still count" \
    [ "$(printf '%s\n' "$out" | sed -n 2,3p | awk '{ print $1, $2, $3 }')" = \
    "unknown 1998 999
private 1 1" ]
check "cap: the table says what it left out" \
    [ "$(printf '%s\n' "$out" | grep '^over cap')" = \
    "over cap  1002 events of addresses past the first 1000, in no row (from $T/one.txt:1001)" ]
check "cap: every line still an event" \
    [ "$(printf '%s\n' "$out" | grep '^lines')" = "lines     3001: 3001 events" ]
run origins --geo "$GEO" --json "$T/one.txt"
check "cap: --json says it too" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
p = json.load(sys.stdin)["provenance"]["parsed"]
print(p["addresses"], p["over_cap"]["limit"], p["over_cap"]["events"], p["over_cap"]["line"])')" = \
    "1000 1000 1002 1001" ]
# A second file: over the cap from the first one on.
run origins --geo "$GEO" "$T/one.txt" "$T/c1500.txt"
check "cap: a second file counts over the cap" [ "$rc" = 1 ] && \
    check "cap: named in the first file" [ "$err" = \
    "hotline origins: $T/one.txt:1001: more than 1000 distinct addresses: from here on, events of addresses not yet counted are counted as over the cap, in no row" ] && \
    check "cap: its 501 new addresses over it too" [ "$(printf '%s\n' "$out" | grep '^over cap')" = \
    "over cap  1503 events of addresses past the first 1000, in no row (from $T/one.txt:1001)" ]

# Two threads (a plain file over 64 MB): the cap is reached in the second
# half, where a thread of its own would not see it; the table, stderr and
# the cap's line are those of one thread. 1,000-byte comments pad it.
python3 - "$T/crafted.txt" "$T/big.txt" <<'PY'
import sys
crafted = open(sys.argv[1]).read().split()
pad = " # " + "x" * 1000 + "\n"
with open(sys.argv[2], "w") as out:
    n = 70000
    for i in range(n):
        # The first half: 600 addresses; the second: 800 new, and the old.
        a = crafted[i % 600] if i < n // 2 else \
            crafted[600 + i // 2 % 800] if i % 2 else crafted[i % 600]
        out.write(a + pad)
PY
for th in 1 2; do
	"$HOTLINE" origins --geo "$GEO" --threads $th "$T/big.txt" \
	    >"$T/big.$th.out" 2>"$T/big.$th.err"
	echo $? >"$T/big.$th.rc"
done
check "two threads at the cap: exit 1 both" [ "$(cat "$T/big.1.rc" "$T/big.2.rc")" = "1
1" ]
check "two threads at the cap: the same stderr" cmp -s "$T/big.1.err" "$T/big.2.err"
check "two threads at the cap: the same table" cmp -s "$T/big.1.out" "$T/big.2.out"
check "two threads at the cap: the line is the first new address past it" \
    [ "$(cat "$T/big.1.err")" = \
    "hotline origins: $T/big.txt:35802: more than 1000 distinct addresses: from here on, events of addresses not yet counted are counted as over the cap, in no row" ]
unset HOTLINE_TEST_ORIGINS_CAP
for th in 1 2; do
	"$HOTLINE" origins --geo "$GEO" --threads $th "$T/big.txt" \
	    >"$T/big.$th.out" 2>"$T/big.$th.err"
	echo $? >"$T/big.$th.rc"
done
check "two threads under the cap: exit 0, no warning" \
    [ "$(cat "$T/big.1.rc" "$T/big.2.rc" "$T/big.1.err" "$T/big.2.err")" = "0
0" ]
check "two threads under the cap: the same table" cmp -s "$T/big.1.out" "$T/big.2.out"
check "two threads under the cap: 1,400 addresses" \
    [ "$(sed -n 2p "$T/big.1.out" | awk '{ print $1, $2, $3 }')" = "unknown 70000 1400" ]

finish
