#!/bin/sh
# The year's joint review: aa writes and signs it, bb checks and
# countersigns it with its own bundle, anyone verifies both.
. "$(dirname "$0")/story.sh"

story
Y=$(date -u +%Y)
expect "aa signs the review" 0 "signed $T/review1" '' -- review --dir "$T/aa" --peer cert.bb --period "$Y" \
    --out "$T/review1" --svg "$T/chart.svg"
run verify "$T/review1"
check "alone, it verifies and says it waits for bb" [ "$rc:$(printf '%s\n' "$out" | head -1)" = \
    "0:review       $Y, cert.aa and cert.bb: signed by cert.aa, not countersigned yet" ]
expect "aa cannot countersign its own" 1 '' \
    "hotline review: $T/review1: parties: a review between cert.aa and cert.bb, not for cert.aa" \
    -- review --dir "$T/aa" --countersign "$T/review1" --out "$T/x"
expect "bb countersigns" 0 "countersigned $T/review2" '' -- review --dir "$T/bb" --countersign "$T/review1" --out "$T/review2"
run verify --card "$T/aa.card" --card "$T/bb.card" "$T/review2"
check "both signatures, both bundles, cross-checked" [ "$rc:$(printf '%s\n' "$out" | head -1)" = \
    "0:review       $Y, cert.aa and cert.bb: signed by cert.aa, countersigned by the other, both sides cross-checked" ]
check "both reports in it agree: aa's out is bb's in" [ "$(printf '%s\n' "$out" | grep '^cert\.bb  *out' | \
    awk '{print $3, $4, $5, $6, $7}')" = "$(printf '%s\n' "$out" | grep '^cert\.aa  *in' | awk '{print $3, $4, $5, $6, $7}')" ]
check "the chart is well-formed SVG with a bar per answered month" [ "$(python3 -c "
import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
print(t.tag == ns + 'svg', len([x for x in t.iter(ns + 'text') if x.text and x.text.startswith('$Y-')]),
      len([r for r in t.iter(ns + 'rect') if r.find(ns + 'title') is not None]) >= 1)" "$T/chart.svg")" = "True 12 True" ]
finish
