#!/bin/sh
# A real log (3,000 Apache lines), computed a second, independent way.
# The real log is a public file, read in place from ../shared.
. "$(dirname "$0")/origins.sh"

need_shared samples/web-access/apache-combined-3000.log
APACHE=$SHARED/samples/web-access/apache-combined-3000.log
run origins --geo "$O/blocks.mmdb" --json "$APACHE"
printf '%s' "$out" | python3 -c "
import json, sys
for r in json.load(sys.stdin)['rows']:
    print(r['country'], r['events'], r['addresses'], r['first_seen'], r['last_seen'])" >"$T/ours"
python3 "$O/crosscheck.py" "$O/blocks.mmdb" "$APACHE" >"$T/theirs"
check "a real log: the same table computed with Python and mmdblookup" cmp -s "$T/ours" "$T/theirs"
check "and it is not empty" [ "$(wc -l <"$T/theirs")" -ge 10 ]
finish
