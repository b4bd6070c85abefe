#!/bin/sh
# The window: a request's observed, widened by the margin on each side
# (--margin, else match.margin, else 1d); each side set alone; "all";
# none for a list. Events outside it are counted, not matched.
. "$(dirname "$0")/match.sh"
. "$(dirname "$0")/../fixture.sh"

# No node here: the margin is match.margin's default.
HOME=$T/home
export HOME
body "$T/body.json" 2026-11-20T00:00:00Z 2026-11-26T23:59:59Z
win() { printf '%s\n' "$out" | grep '^window '; }
found() { printf '%s\n' "$out" | grep -c '^evil\.example '; }
run match --indicators "$T/body.json" "$T/web.log"
check "observed widened by a day: the event of the 27th is in" [ "$rc:$(win):$(found)" = \
    "0:window    2026-11-19T00:00:00Z to 2026-11-28T00:00:00Z (observed, widened by 1d each side):1" ]
run match --indicators "$T/body.json" --margin 0 "$T/web.log"
check "--margin 0: observed as it is, the event outside" [ "$rc:$(win):$(found)" = \
    "0:window    2026-11-20T00:00:00Z to 2026-11-27T00:00:00Z (observed, widened by 0s each side):0" ]
check "and counted as outside the window" [ "$(printf '%s\n' "$out" | grep -c '^input .*: 1 lines, 1 events, 1 outside the window$')" = 1 ]
run match --indicators "$T/body.json" --margin 36h "$T/web.log"
check "--margin 36h" [ "$rc:$(win)" = \
    "0:window    2026-11-18T12:00:00Z to 2026-11-28T12:00:00Z (observed, widened by 36h each side)" ]
run match --indicators "$T/body.json" --margin 0 --until all "$T/web.log"
check "--until all: only since is observed's" [ "$rc:$(win):$(found)" = \
    "0:window    since 2026-11-20T00:00:00Z (since: observed, less 0s):1" ]
run match --indicators "$T/body.json" --since 2026-11-27T05:10:01Z "$T/web.log"
check "--since alone: until is observed's, widened" [ "$rc:$(win):$(found)" = \
    "0:window    2026-11-27T05:10:01Z to 2026-11-28T00:00:00Z (until: observed, plus 1d):0" ]
run match --indicators "$T/body.json" --since all --until all "$T/web.log"
check "all: no bound" [ "$rc:$(win):$(found)" = "0:window    all:1" ]
run match --indicators "$T/list.txt" "$T/web.log"
check "a list has no window: all" [ "$rc:$(win)" = "0:window    all" ]
run match --indicators "$T/list.txt" --since 2026-11-27T05:00:00Z --until 2026-11-27T05:10:00Z "$T/web.log"
check "until is not in the window" [ "$rc:$(win):$(found)" = \
    "0:window    2026-11-27T05:00:00Z to 2026-11-27T05:10:00Z:0" ]
run match --indicators "$T/list.txt" --since 2026-11-27T05:10:00Z "$T/web.log"
check "since is" [ "$rc:$(win):$(found)" = "0:window    since 2026-11-27T05:10:00Z:1" ]
run match --indicators "$T/body.json" --json --margin 0 "$T/web.log"
check "--json: the window as RFC 3339" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["window"])')" = \
    "0:{'since': '2026-11-20T00:00:00Z', 'until': '2026-11-27T00:00:00Z'}" ]
run match --indicators "$T/body.json" --json --since all --until all "$T/web.log"
check "--json: all is null" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["window"])')" = \
    "0:{'since': None, 'until': None}" ]
# A node's match.margin, when --margin does not say.
fixture aa
printf 'match.margin = 6h\n' >>"$T/aa/hotline.conf"
run match --dir "$T/aa" --indicators "$T/body.json" "$T/web.log"
check "match.margin of the node's config" [ "$rc:$(win)" = \
    "0:window    2026-11-19T18:00:00Z to 2026-11-27T06:00:00Z (observed, widened by 6h each side)" ]
run match --dir "$T/aa" --indicators "$T/body.json" --margin 2d "$T/web.log"
check "--margin over match.margin" [ "$rc:$(win)" = \
    "0:window    2026-11-18T00:00:00Z to 2026-11-29T00:00:00Z (observed, widened by 2d each side)" ]
printf 'match.margin = soon\n' >>"$T/aa/hotline.conf"
expect "a bad config is said" 1 '' "hotline match: $T/aa/hotline.conf: line 8: 'match.margin' given twice" \
    -- match --dir "$T/aa" --indicators "$T/body.json" "$T/web.log"
finish
