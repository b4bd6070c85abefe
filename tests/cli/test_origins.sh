#!/bin/sh
# hotline origins on small fixture logs with small MaxMind DB files
# (tests/origins/, written by make_mmdb.pl): exact tables per format,
# JSON and CSV, filters, and every kind of bad input named.
. "$(dirname "$0")/lib.sh"
# The real logs are public files, read in place from ../shared.
need_shared samples/web-access/apache-combined-3000.log \
    data/zeek-wrccdc2018/ssh.log.gz data/zeek-wrccdc2018/notice.log.gz

O=$VECTORS/../origins
ZEEK=$SHARED/data/zeek-wrccdc2018
APACHE=$SHARED/samples/web-access/apache-combined-3000.log
GEO=$O/country.mmdb
sha() { sha256sum "$1" | cut -c1-64; }
size() { wc -c <"$1" | tr -d ' '; }
# warn FILE LINE REASON N: the line on stderr that points at a fault.
warn() {
	printf 'hotline origins: %s:%s: %s (%s line%s)' "$1" "$2" "$3" "$4" "$([ "$4" = 1 ] || echo s)"
}
tail_of() {
	printf 'input     %s (%s, %s bytes, sha256 %s)\n' "$1" "$2" "$(size "$1")" "$(sha "$1")"
	printf 'database  %s (Hotline-Test-Country, sha256 %s)\n' "$GEO" "$(sha "$GEO")"
	printf 'hotline   0.1.0'
}

expect "a blocklist: CIDRs count as addresses, private and unknown have rows" 0 \
"COUNTRY        EVENTS  ADDRESSES   SHARE  FIRST SEEN            LAST SEEN
NL                  2          1   25.0%  -                     -
RU                  2          2   25.0%  -                     -
DE                  1          1   12.5%  -                     -
US                  1          1   12.5%  -                     -
private             1          1   12.5%  -                     -
unknown             1          1   12.5%  -                     -

lines     11: 8 events, 2 blank, comment or header, 1 no valid address
share     of events
$(tail_of "$O/list.txt" list)" "$(warn "$O/list.txt" 11 'no valid address' 1)" \
    -- origins --geo "$GEO" "$O/list.txt"

expect "a web log: times with their offsets, bad lines counted" 0 \
"COUNTRY        EVENTS  ADDRESSES   SHARE  FIRST SEEN            LAST SEEN
NL                  2          1   50.0%  2026-11-27T09:05:00Z  2026-11-27T10:00:00Z
DE                  1          1   25.0%  2026-11-27T11:00:00Z  2026-11-27T11:00:00Z
RU                  1          1   25.0%  2026-11-27T04:59:59Z  2026-11-27T04:59:59Z

lines     6: 4 events, 1 no valid address, 1 not a line of the format
share     of events
$(tail_of "$O/web.log" web)" "$(warn "$O/web.log" 5 'no valid address' 1)
$(warn "$O/web.log" 6 'not a line of the format' 1)" -- origins --geo "$GEO" "$O/web.log"

expect "EVE: the alert's named source, not the packet's" 0 \
"COUNTRY        EVENTS  ADDRESSES   SHARE  FIRST SEEN            LAST SEEN
NL                  1          1   33.3%  2026-11-27T09:01:00Z  2026-11-27T09:01:00Z
RU                  1          1   33.3%  2026-11-27T10:00:00Z  2026-11-27T10:00:00Z
US                  1          1   33.3%  2026-11-27T10:02:00Z  2026-11-27T10:02:00Z

lines     5: 3 events, 1 no valid address, 1 not a line of the format
share     of events
$(tail_of "$O/eve.json" eve)" "$(warn "$O/eve.json" 5 'no valid address' 1)
$(warn "$O/eve.json" 4 'not a line of the format' 1)" -- origins --geo "$GEO" "$O/eve.json"

# sshd in auth.log: failures and preauth noise, not logins or other
# programs; a traditional syslog time has no year: the latest Nov 27
# that is not after tomorrow.
Y=$(python3 -c "
import datetime as d
t = d.datetime.now(d.timezone.utc).date() + d.timedelta(days=1)
print(t.year if d.date(t.year, 11, 27) <= t else t.year - 1)")
expect "OpenSSH in auth.log" 0 \
"COUNTRY        EVENTS  ADDRESSES   SHARE  FIRST SEEN            LAST SEEN
NL                  2          1   33.3%  $Y-11-27T10:00:05Z  $Y-11-27T10:00:06Z
RU                  2          1   33.3%  $Y-11-27T10:00:01Z  $Y-11-27T10:00:03Z
DE                  1          1   16.7%  2026-11-27T10:00:09Z  2026-11-27T10:00:09Z
unknown             1          1   16.7%  $Y-11-27T10:00:10Z  $Y-11-27T10:00:10Z

lines     9: 6 events, 2 not an attack, 1 not a line of the format
share     of events
$(tail_of "$O/auth.log" auth)" "$(warn "$O/auth.log" 9 'not a line of the format' 1)" \
    -- origins --geo "$GEO" "$O/auth.log"

expect "CSV: the header names the columns, RFC 4180 quotes" 0 \
"COUNTRY        EVENTS  ADDRESSES   SHARE  FIRST SEEN            LAST SEEN
NL                  1          1   25.0%  2026-11-27T10:00:00Z  2026-11-27T10:00:00Z
RU                  1          1   25.0%  2026-11-27T11:00:00Z  2026-11-27T11:00:00Z
US                  1          1   25.0%  2026-11-27T10:00:00Z  2026-11-27T10:00:00Z
private             1          1   25.0%  -                     -

lines     6: 4 events, 1 blank, comment or header, 1 no valid address
share     of events
$(tail_of "$O/list.csv" csv)" "$(warn "$O/list.csv" 5 'no valid address' 1)" \
    -- origins --geo "$GEO" "$O/list.csv"

expect "Zeek JSON: a notice's src, else the connection's origin" 0 \
"COUNTRY        EVENTS  ADDRESSES   SHARE  FIRST SEEN            LAST SEEN
NL                  1          1   50.0%  2026-11-27T10:00:00Z  2026-11-27T10:00:00Z
RU                  1          1   50.0%  2026-11-27T10:00:01Z  2026-11-27T10:00:01Z

lines     3: 2 events, 1 no valid address
share     of events
$(tail_of "$O/zeek.json" zeek-json)" "$(warn "$O/zeek.json" 3 'no valid address' 1)" \
    -- origins --geo "$GEO" "$O/zeek.json"

# Real Zeek TSV logs (gzip), counted a second way with awk.
for z in ssh notice; do
	run origins --geo "$GEO" --json "$ZEEK/$z.log.gz"
	ours=$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(d['provenance']['parsed']['events'], d['provenance']['parsed']['addresses'], d['provenance']['files'][0]['format'])")
	theirs=$(zcat "$ZEEK/$z.log.gz" | awk -F'\t' '
		/^#fields/ { for (i = 2; i <= NF; i++) { if ($i == "id.orig_h") a = i - 1; if ($i == "src") s = i - 1 } next }
		/^#/ { next }
		{ n++; x = (s && $s != "-") ? $s : $a; seen[x] = 1 }
		END { for (k in seen) d++; print n, d, "zeek" }')
	check "Zeek $z.log: events and distinct sources, as awk counts them" [ "$ours" = "$theirs" ]
done

run origins --geo "$GEO" --event alert --since 2026-11-27T09:30:00Z "$O/eve.json"
check "--event and --since" [ "$(printf '%s\n' "$out" | sed -n '2,4p')" = \
"RU                  1          1  100.0%  2026-11-27T10:00:00Z  2026-11-27T10:00:00Z

lines     5: 1 events, 1 no valid address, 1 not a line of the format, 2 filtered out" ]

run origins --geo "$GEO" --count addresses --top 2 "$O/list.txt"
check "--count addresses --top 2" [ "$(printf '%s\n' "$out" | sed -n '2,4p')" = \
"RU                  2          2   28.6%  -                     -
DE                  1          1   14.3%  -                     -" ]

expect "by AS, as CSV (RFC 4180 quoting)" 0 \
'asn,events,addresses,share,first_seen,last_seen,organisation
AS64500,2,1,0.5000,2026-11-27T09:05:00Z,2026-11-27T10:00:00Z,"Example Hosting B.V."
AS64501,1,1,0.2500,2026-11-27T04:59:59Z,2026-11-27T04:59:59Z,"Example ""Telecom"""
unknown,1,1,0.2500,2026-11-27T11:00:00Z,2026-11-27T11:00:00Z,""' \
    "$(warn "$O/web.log" 5 'no valid address' 1)
$(warn "$O/web.log" 6 'not a line of the format' 1)" \
    -- origins --geo "$GEO" --asn "$O/asn.mmdb" --by asn --csv "$O/web.log"

# The ip-location-db schema (country_code), and all files at once.
run origins --geo "$O/flat.mmdb" --json "$O/list.txt" "$O/web.log" "$O/eve.json"
check "JSON rows over three files, flat schema" [ "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print([(r['country'], r['events'], r['addresses']) for r in d['rows']])
p = d['provenance']
print([f['format'] for f in p['files']], p['parsed']['lines'], p['parsed']['events'], p['parsed']['addresses'],
      sorted(p['parsed']['skipped'].items()), p['method']['group_by'], p['database']['type'])")" = \
"[('NL', 5, 1), ('RU', 4, 2), ('DE', 2, 1), ('US', 2, 1), ('private', 1, 1), ('unknown', 1, 1)]
['list', 'web', 'eve'] 22 15 7 [('blank', 2), ('malformed', 2), ('no_address', 3)] country Hotline-Test-Flat" ]

# A real log (3,000 Apache lines), computed a second, independent way.
run origins --geo "$O/blocks.mmdb" --json "$APACHE"
printf '%s' "$out" | python3 -c "
import json, sys
for r in json.load(sys.stdin)['rows']:
    print(r['country'], r['events'], r['addresses'], r['first_seen'], r['last_seen'])" >"$T/ours"
python3 "$O/crosscheck.py" "$O/blocks.mmdb" "$APACHE" >"$T/theirs"
check "a real log: the same table computed with Python and mmdblookup" cmp -s "$T/ours" "$T/theirs"
check "and it is not empty" [ "$(wc -l <"$T/theirs")" -ge 10 ]

run origins --geo "$GEO" --by registered "$O/list.txt"
check "--by registered: where the database has the address registered" [ "$(printf '%s\n' "$out" | sed -n '1p;4,5p' | cut -c1-40)" = \
"REGISTERED     EVENTS  ADDRESSES   SHARE
CA                  1          1   12.5%
DE                  1          1   12.5%" ]

# A chart any browser shows: one bar per row, names escaped.
run origins --geo "$GEO" --asn "$O/asn.mmdb" --by asn --svg "$T/asn.svg" "$O/list.txt"
check "--svg writes well-formed SVG, a bar per AS, quotes escaped" [ "$rc:$(python3 -c "
import sys, xml.etree.ElementTree as E
ns = '{http://www.w3.org/2000/svg}'
t = E.parse(sys.argv[1]).getroot()
bars = [r for r in t.iter(ns + 'rect') if r.find(ns + 'title') is not None]
print(len(bars), bars[1].find(ns + 'title').text)" "$T/asn.svg")" = \
    '0:5 AS64501 Example "Telecom": 2 (25.0%)' ]

# The addresses of a peer's state become a request to it.
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$T/aa" >/dev/null
"$HOTLINE" init --party cert.ru --state RU --tier cert --dir "$T/ru" >/dev/null
"$HOTLINE" id --dir "$T/ru" >"$T/ru.card"
"$HOTLINE" peer add --dir "$T/aa" "$T/ru.card" >/dev/null
run origins --geo "$GEO" --request-to cert.ru --dir "$T/aa" "$O/list.txt" "$O/web.log"
check "--request-to queues a request" [ "$rc:$(printf '%s\n' "$out" | tail -1 | sed 's/ [0-9a-f]\{64\} / ID /')" = \
    "0:request   ID queued to cert.ru: 2 addresses, 3 events" ]
id=$(printf '%s\n' "$out" | tail -1 | cut -d' ' -f4)
run show --json --dir "$T/aa" "$id"
check "with the state's addresses, their counts and times, and the method" [ "$(printf '%s' "$out" | python3 -c "
import json, sys
m = json.load(sys.stdin)
b = json.loads(m['raw']) if 'raw' in m else m
b = m['envelope']['body'] if 'envelope' in m else b['body']
print(m.get('subject') or m['envelope']['subject'])
print(b['category'], b['observed'], [(i['type'], i['value'], i['count'], i.get('first_seen')) for i in b['indicators']])
print(b['summary'].startswith('3 events from 2 addresses in RU'), 'sha256' in b['summary'])")" = \
"Attacks from RU: 2 addresses
scanning {'end': '2026-11-27T04:59:59Z', 'start': '2026-11-27T04:59:59Z'} [('ipv4', '31.2.2.2', 2, '2026-11-27T04:59:59Z'), ('cidr', '31.3.3.0/24', 1, None)]
True True" ]
expect "--request-to a stranger" 1 '' "hotline origins: --request-to: unknown peer cert.zz: pin its card with hotline peer add" \
    -- origins --geo "$GEO" --request-to cert.zz --dir "$T/aa" "$O/list.txt"

# A file over 64 MB is read by two threads, the second starting mid-file
# with the parser state of the first's headers: the table is the one a
# single thread gives (here, the same file through gzip).
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

# Progress on a terminal only (every test above compares stderr exactly).
script -qec "\"$HOTLINE\" origins --geo \"$GEO\" \"$O/web.log\" >/dev/null" /dev/null | tr '\r' '\n' >"$T/tty"
check "on a terminal, progress then the faults, each on its line" [ "$(grep -v '^$' "$T/tty" | tail -3 | sed 's/[0-9]* MB\/s/R MB\/s/')" = \
"$O/web.log: 0 of 0 MB, R MB/s, 0 s left  
$(warn "$O/web.log" 5 'no valid address' 1)
$(warn "$O/web.log" 6 'not a line of the format' 1)" ]

# gzip by its magic bytes, and stdin.
gzip -c "$O/web.log" >"$T/web.log.gz"
run origins --geo "$GEO" "$T/web.log.gz"
check "gzip is read as what it holds" [ "$(printf '%s\n' "$out" | sed -n '2p;6p')" = \
"NL                  2          1   50.0%  2026-11-27T09:05:00Z  2026-11-27T10:00:00Z
lines     6: 4 events, 1 no valid address, 1 not a line of the format" ]
"$HOTLINE" origins --geo "$GEO" - <"$O/list.txt" >"$T/out" 2>"$T/err"
check "stdin as -" [ "$(sed -n 2p "$T/out")" = "NL                  2          1   25.0%  -                     -" ]
check "stdin's faults are named as -" [ "$(cat "$T/err")" = "$(warn - 11 'no valid address' 1)" ]

# Bad input: named, counted, or refused.
head -c 100 "$T/web.log.gz" >"$T/cut.gz"
expect "truncated gzip" 1 '' \
    "hotline origins: $T/cut.gz: truncated or corrupt gzip data after line 0" \
    -- origins --geo "$GEO" "$T/cut.gz"
python3 -c "print('5.1.1.1 ' + 'x' * 300000); print('31.2.2.2')" >"$T/long.txt"
run origins --geo "$GEO" --format list "$T/long.txt"
check "a line of 300 KB is skipped and counted, the next one read" [ "$(printf '%s\n' "$out" | sed -n '2p;4p')" = \
"RU                  1          1  100.0%  -                     -
lines     2: 1 events, 1 line too long" ]
head -c 4096 /dev/urandom >"$T/binary"
run origins --geo "$GEO" "$T/binary"
check "a binary file: no event, every line counted" [ "$rc:$(printf '%s\n' "$out" | grep -c '^lines .*: 0 events')" = 0:1 ]
expect "a missing database" 1 '' \
    "hotline origins: $T/none.mmdb: No such file or directory" \
    -- origins --geo "$T/none.mmdb" "$O/list.txt"
expect "a corrupt database" 1 '' \
    "hotline origins: $O/list.txt: not a usable MaxMind DB: The MaxMind DB file contains invalid metadata" \
    -- origins --geo "$O/list.txt" "$O/list.txt"
expect "a missing log" 1 '' "hotline origins: $T/none.log: No such file or directory" \
    -- origins --geo "$GEO" "$T/none.log"
expect "--by asn without --asn" 2 '' "hotline origins: --by asn needs an ASN database: --asn MMDB" \
    -- origins --geo "$GEO" --by asn "$O/list.txt"
expect "a bad --format" 2 '' "hotline origins: --format: not auto, list, web, eve, zeek, zeek-json, auth or csv: 'syslog'" \
    -- origins --geo "$GEO" --format syslog "$O/list.txt"
finish
