#!/bin/sh
# The addresses of a peer's state become a request to it; a stranger
# is named.
. "$(dirname "$0")/origins.sh"

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
finish
