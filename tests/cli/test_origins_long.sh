#!/bin/sh
# origins --request-to names every input file in the signed summary: a
# long path is named whole (it once overflowed a stack buffer), and files
# whose names do not fit the schema's 16384 bytes are an error that
# queues nothing, not a summary cut short.
. "$(dirname "$0")/lib.sh"

O=$VECTORS/../origins
GEO=$O/country.mmdb
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$T/aa" >/dev/null
"$HOTLINE" init --party cert.ru --state RU --tier cert --dir "$T/ru" >/dev/null
"$HOTLINE" id --dir "$T/ru" >"$T/ru.card"
"$HOTLINE" peer add --dir "$T/aa" "$T/ru.card" >/dev/null

# A path of about 3000 bytes: twelve directories of 250.
seg=$(printf '%0250d' 0)
d=$T
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	d=$d/$seg
done
mkdir -p "$d"
cp "$O/list.txt" "$d/list.txt"
long=$d/list.txt
check "the path is over 3000 bytes" [ "${#long}" -gt 3000 ]
run origins --geo "$GEO" --request-to cert.ru --dir "$T/aa" "$long"
check "a long path: queued" [ "$rc:$(printf '%s\n' "$out" | tail -1 | sed 's/ [0-9a-f]\{64\} / ID /')" = \
    "0:request   ID queued to cert.ru: 2 addresses, 2 events" ]
id=$(printf '%s\n' "$out" | tail -1 | cut -d' ' -f4)
"$HOTLINE" show --json --dir "$T/aa" "$id" >"$T/show.json"
check "the summary names it whole, then the database" [ "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["envelope"]["body"]["summary"]
print(sys.argv[2] + " (list, sha256 " in s, s.endswith(").") and " with " in s)' "$T/show.json" "$long")" = "True True" ]

# Six of them: over the limit, an error, nothing queued.
for i in 2 3 4 5 6; do
	cp "$O/list.txt" "$d/list$i.txt"
done
run origins --geo "$GEO" --request-to cert.ru --dir "$T/aa" "$long" "$d/list2.txt" \
    "$d/list3.txt" "$d/list4.txt" "$d/list5.txt" "$d/list6.txt"
check "six long paths: refused, after the table" [ "$rc:$(printf '%s\n' "$err" | tail -1)" = \
    "1:hotline origins: --request-to: the summary naming 6 files is over the limit of 16384 bytes: give fewer or shorter paths" ]
check "only the first request queued" [ "$(sql "$T/aa" 'SELECT count(*) FROM messages')" = 1 ]

finish
