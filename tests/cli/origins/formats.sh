#!/bin/sh
# Exact tables per format: a blocklist, a web log, EVE, OpenSSH in
# auth.log, CSV, Zeek JSON; each fault named at its line.
. "$(dirname "$0")/origins.sh"


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
finish
