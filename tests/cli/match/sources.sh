#!/bin/sh
# --indicators from each kind of file: a plain list, a request body, a
# request envelope, standard input; the provenance says which.
. "$(dirname "$0")/match.sh"

run match --indicators "$T/list.txt" "$T/auth.log"
check "a list: the table, the not-found line and the provenance" [ "$rc:$out" = "0:INDICATOR    TYPE       COUNT  FIRST SEEN            LAST SEEN             WHERE
203.0.113.7  ipv4           1  2026-11-27T04:59:59Z  2026-11-27T04:59:59Z  $T/auth.log:1 col 61
not found: 3 indicators

$(input "$T/auth.log" auth 2 2)
          syslog year taken from the file's modification time ($(date -u -r "$T/auth.log" +%Y))
window    all
indicators 4 from $T/list.txt (list)
hotline   0.1.0" ]
body "$T/body.json" 2026-11-20T00:00:00Z 2026-11-26T23:59:59Z
run match --indicators "$T/body.json" --since all --until all "$T/web.log"
check "a request body" [ "$rc:$(line 2):$(line 3):$(printf '%s\n' "$out" | tail -2 | head -1)" = \
    "0:evil.example  domain         1  2026-11-27T05:10:00Z  2026-11-27T05:10:00Z  $T/web.log:1 col 79:not found: 3 indicators:indicators 4 from $T/body.json (body)" ]
printf '{"v": 1, "type": "request", "from": "cert.aa", "to": "cert.bb", "body": %s}' "$(cat "$T/body.json")" >"$T/env.json"
run match --indicators "$T/env.json" --since all --until all "$T/web.log"
check "a request envelope" [ "$rc:$(printf '%s\n' "$out" | tail -2 | head -1)" = \
    "0:indicators 4 from $T/env.json (envelope)" ]
printf '{"type": "response", "body": {"indicators": []}}' >"$T/resp.json"
expect "an envelope of another type" 1 '' "hotline match: $T/resp.json: an envelope of type 'response', not a request" \
    -- match --indicators "$T/resp.json" "$T/web.log"
printf '{"indicators": [' >"$T/cut.json"
run match --indicators "$T/cut.json" "$T/web.log"
check "JSON cut short" [ "$rc:${err%%(*}" = "1:hotline match: $T/cut.json: not JSON " ]
run match --indicators - "$T/auth.log" <"$T/list.txt"
check "a list on standard input, named -" [ "$rc:$(printf '%s\n' "$out" | tail -2 | head -1)" = "0:indicators 4 from - (list)" ]
printf '# nothing\n\n' >"$T/none.txt"
expect "no indicators at all" 1 '' "hotline match: $T/none.txt: no indicators to look for" \
    -- match --indicators "$T/none.txt" "$T/auth.log"
printf '203.0.113.7\n203[.]0[.]113[.]7\nEVIL.example.\nevil.example\n' >"$T/rep.txt"
run match --indicators "$T/rep.txt" "$T/auth.log"
check "repeats, in any spelling, dropped and counted" [ "$rc:$(printf '%s\n' "$out" | tail -2 | head -1)" = \
    "0:indicators 2 from $T/rep.txt (list), 2 repeats dropped" ]
finish
