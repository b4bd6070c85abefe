#!/bin/sh
# By AS: as CSV (RFC 4180 quoting), and a chart any browser shows: one
# bar per row, names escaped.
. "$(dirname "$0")/origins.sh"

expect "by AS, as CSV (RFC 4180 quoting)" 0 \
'asn,events,addresses,share,first_seen,last_seen,organisation
AS64500,2,1,0.5000,2026-11-27T09:05:00Z,2026-11-27T10:00:00Z,"Example Hosting B.V."
AS64501,1,1,0.2500,2026-11-27T04:59:59Z,2026-11-27T04:59:59Z,"Example ""Telecom"""
unknown,1,1,0.2500,2026-11-27T11:00:00Z,2026-11-27T11:00:00Z,""' \
    "$(warn "$O/web.log" 5 'no valid address' 1)
$(warn "$O/web.log" 6 'not a line of the format' 1)" \
    -- origins --geo "$GEO" --asn "$O/asn.mmdb" --by asn --csv "$O/web.log"

run origins --geo "$GEO" --asn "$O/asn.mmdb" --by asn --svg "$T/asn.svg" "$O/list.txt"
check "--svg writes well-formed SVG, a bar per AS, quotes escaped" [ "$rc:$(python3 -c "
import sys, xml.etree.ElementTree as E
ns = '{http://www.w3.org/2000/svg}'
t = E.parse(sys.argv[1]).getroot()
bars = [r for r in t.iter(ns + 'rect') if r.find(ns + 'title') is not None]
print(len(bars), bars[1].find(ns + 'title').text)" "$T/asn.svg")" = \
    '0:5 AS64501 Example "Telecom": 2 (25.0%)' ]
finish
