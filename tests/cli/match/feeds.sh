#!/bin/sh
# Real feeds as CERTs publish them, read in place from ../shared: FireHOL
# netsets (networks and addresses, # comments), ESET's SHA-256 sample
# lists, IPsum (address, tab, count: one value a line, so cut -f1); a
# MISP event is not a request and is refused, said so.
. "$(dirname "$0")/match.sh"

need_shared data/firehol/firehol_level1.netset data/ioc-eset/nukesped-lazarus.samples.sha256 \
    data/ipsum/ipsum.txt data/ioc-eset/mozi.misp-event.json
D=$SHARED/data
# values FILE: its lines that are neither blank nor comments, counted apart.
values() { grep -v '^[[:space:]]*#' "$1" | grep -vc '^[[:space:]]*$'; }
count() { printf '%s' "$out" | python3 -c 'import json,sys; i=json.load(sys.stdin)["provenance"]["indicators"]; print(i["count"] + i["repeats"], i["invalid"])'; }
run match --indicators "$D/firehol/firehol_level1.netset" --json "$T/auth.log"
check "a FireHOL netset: every entry read, none invalid" [ "$rc:$(count)" = "0:$(values "$D/firehol/firehol_level1.netset") 0" ]
check "and the log's 192.0.2.10 and 203.0.113.7 are in its bogons" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print([(f["indicator"]["value"], f["count"]) for f in json.load(sys.stdin)["findings"]])')" = \
    "[('192.0.2.0/24', 1), ('203.0.113.0/24', 1)]" ]
run match --indicators "$D/ioc-eset/nukesped-lazarus.samples.sha256" --json "$T/auth.log"
check "ESET's SHA-256 list: every line a sha256" [ "$rc:$(count):$(printf '%s' "$out" | python3 -c 'import json,sys; print(set(i["type"] for i in json.load(sys.stdin)["not_found"]))')" = \
    "0:$(values "$D/ioc-eset/nukesped-lazarus.samples.sha256") 0:{'sha256'}" ]
run match --indicators "$D/ipsum/ipsum.txt" "$T/auth.log"
check "IPsum as it is: each line named, the first with how to fix it" [ "$rc:$(printf '%s\n' "$err" | grep -m1 ':[0-9]*: ')" = \
    "1:hotline match: $D/ipsum/ipsum.txt:8: more than one value: a blank at byte 12 (one value a line; cut -f1 keeps a feed's first column)" ]
cut -f1 "$D/ipsum/ipsum.txt" >"$T/ipsum.txt"
run match --indicators - --json "$T/auth.log" <"$T/ipsum.txt"
check "its first column: every address read" [ "$rc:$(count)" = "0:$(values "$T/ipsum.txt") 0" ]
expect "a MISP event is no request" 1 '' \
    "hotline match: $D/ioc-eset/mozi.misp-event.json: neither a request body (no indicators) nor a request envelope (no body)" \
    -- match --indicators "$D/ioc-eset/mozi.misp-event.json" "$T/auth.log"
finish
