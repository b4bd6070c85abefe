#!/bin/sh
# The ip-location-db schema (country_code), and all files at once.
. "$(dirname "$0")/origins.sh"

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
finish
