#!/bin/sh
# Progress on a terminal only, a line per file (every other case compares
# stderr exactly); more findings than a response carries are all printed,
# with a warning.
. "$(dirname "$0")/match.sh"

script -qec "\"$HOTLINE\" match --indicators \"$T/list.txt\" \"$T/auth.log\" \"$T/web.log\" >/dev/null" /dev/null | tr '\r' '\n' >"$T/tty"
check "on a terminal, progress for each file" [ "$(grep -v '^$' "$T/tty" | sed 's/[0-9]* MB\/s/R MB\/s/' | uniq)" = \
"$T/auth.log: 0 of 0 MB, R MB/s, 0 s left  
$T/web.log: 0 of 0 MB, R MB/s, 0 s left  " ]
python3 -c '
import sys
with open(sys.argv[1], "w") as l, open(sys.argv[2], "w") as g:
    for i in range(10001):
        a = "10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255)
        l.write(a + "\n")
        g.write("drop from " + a + "\n")' "$T/many.txt" "$T/many.log"
run match --indicators "$T/many.txt" --json "$T/many.log"
check "10,001 findings: all printed, and a warning" [ "$rc:$err:$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')" = \
    "0:hotline match: 10001 findings: a response carries at most 10000; split them or attach the rest:10001" ]
run match --indicators "$T/many.txt" "$T/many.log"
check "in the table too" [ "$rc:$err:$(printf '%s\n' "$out" | grep -c '^10\.')" = \
    "0:hotline match: 10001 findings: a response carries at most 10000; split them or attach the rest:10001" ]
finish
