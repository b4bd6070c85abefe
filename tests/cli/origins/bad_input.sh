#!/bin/sh
# Bad input: named, counted, or refused.
. "$(dirname "$0")/origins.sh"

gzip -c "$O/web.log" >"$T/web.log.gz"
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
