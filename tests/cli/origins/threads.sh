#!/bin/sh
# A file over 64 MB is read by two threads, the second starting mid-file
# with the parser state of the first's headers: the table is the one a
# single thread gives (here, the same file through gzip).
. "$(dirname "$0")/origins.sh"

python3 - "$T/big.log" <<'PY'
import random, sys
random.seed(7)
pool = ["%d.%d.%d.%d" % (random.randint(1, 223), random.randint(0, 255),
        random.randint(0, 255), random.randint(0, 255)) for _ in range(5000)]
with open(sys.argv[1], "w") as f:
    f.write("#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\n")
    for i in range(1200000):
        if i == 1100000:
            f.write("a line of no format\n")
        f.write("%d.%06d\tC%d\t%s\t%d\t%s\n" % (1795773600 + i, i, i,
                pool[int(random.random() ** 2 * 5000)], i % 65536, "x" * 20))
PY
check "big enough for two threads (64 MiB)" [ "$(wc -c <"$T/big.log")" -ge 67108864 ]
gzip -1 -c "$T/big.log" >"$T/big.log.gz"
rows() {
	python3 -c "
import json, sys
d = json.load(sys.stdin)
print(d['rows'], d['provenance']['parsed'])"
}
"$HOTLINE" origins --geo "$O/blocks.mmdb" --json "$T/big.log" 2>"$T/two.err" | rows >"$T/two"
"$HOTLINE" origins --geo "$O/blocks.mmdb" --json "$T/big.log.gz" 2>"$T/one.err" | rows >"$T/one"
check "two threads on $(($(wc -c <"$T/big.log") / 1048576)) MB: the table one thread gives" cmp -s "$T/one" "$T/two"
check "and all of it counted" grep -q "'lines': 1200004, 'events': 1200000" "$T/one"
check "the fault in the second half named at its line in the file" [ "$(cat "$T/two.err")" = \
    "$(warn "$T/big.log" 1100004 'no valid address' 1)" ]
check "as one thread names it" [ "$(cat "$T/one.err")" = \
    "$(warn "$T/big.log.gz" 1100004 'no valid address' 1)" ]
rm -f "$T/big.log" "$T/big.log.gz"
finish
