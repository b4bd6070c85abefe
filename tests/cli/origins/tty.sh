#!/bin/sh
# Progress on a terminal only (every other case compares stderr
# exactly).
. "$(dirname "$0")/origins.sh"

script -qec "\"$HOTLINE\" origins --geo \"$GEO\" \"$O/web.log\" >/dev/null" /dev/null | tr '\r' '\n' >"$T/tty"
check "on a terminal, progress then the faults, each on its line" [ "$(grep -v '^$' "$T/tty" | tail -3 | sed 's/[0-9]* MB\/s/R MB\/s/')" = \
"$O/web.log: 0 of 0 MB, R MB/s, 0 s left  
$(warn "$O/web.log" 5 'no valid address' 1)
$(warn "$O/web.log" 6 'not a line of the format' 1)" ]
finish
