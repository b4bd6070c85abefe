#!/bin/sh
# hotline import's front end, on the formats it reads itself (a list, a
# CSV file): the body on stdout, each value not imported on stderr with
# its line, what the body lacks, the fill-in options, --json, exit codes;
# and the body it prints is one send takes, its TLP marking kept.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

printf '# a feed\n203.0.113.9\nevil[.]example # why\n\nnot a value\n203.0.113.9\n' >"$T/l.txt"
run import "$T/l.txt"
check "a list: exit 1, a value was not imported" [ "$rc" = 1 ]
check "the body has the two values, canonical" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print(sorted(b), [(i["type"], i["value"]) for i in b["indicators"]])')" = \
    "['indicators'] [('ipv4', '203.0.113.9'), ('domain', 'evil.example')]" ]
check "stderr names the line and why, then what is lacking" [ "$err" = \
"hotline import: $T/l.txt: line 5: 'not a value': more than one value: a blank at byte 3 (one value a line; cut -f1 keeps a feed's first column)
hotline import: $T/l.txt: the body lacks summary, category, severity, observed, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]

printf '203.0.113.9\nhxxps://evil[.]example/a\n' >"$T/ok.txt"
run import --summary "from a feed" --category scanning --severity low \
    --expect investigate,block-host --observed 2026-11-01/2026-11-02T10:00:00Z "$T/ok.txt"
check "filled in, whole: exit 0, nothing on stderr" [ "$rc" = 0 ] && check "no stderr" [ -z "$err" ]
printf '%s' "$out" >"$T/body.json"
check "the members given" [ "$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
print(b["summary"], b["category"], b["severity"], b["expectations"], b["observed"], b["indicators"][1])' "$T/body.json")" = \
    "from a feed scanning low ['investigate', 'block-host'] {'start': '2026-11-01T00:00:00Z', 'end': '2026-11-02T10:00:00Z'} {'type': 'url', 'value': 'https://evil.example/a'}" ]
run import --category nonsense --summary s --severity low --expect investigate \
    --observed 2026-11-01/2026-11-02 "$T/ok.txt"
check "a whole body the schema refuses: exit 1, the field named" [ "$rc" = 1 ] &&
    check "the field" sh -c 'printf "%s" "$1" | grep -q "category"' _ "$err"

run import --json "$T/l.txt"
check "--json: the body, the import's account, what it lacks" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
o = json.load(sys.stdin)
i = o["import"]
print(sorted(o), i["format"], i["indicators"], i["repeats"], i["not_imported"], i["skipped"], i["reports"][0]["where"])')" = \
    "['body', 'import', 'lacks'] list 2 1 1 {'invalid value': 1} line 5" ]

printf 'uuid,type,value\nu1,ipv4,198.51.100.7\nu2,sha1,C79A326F8411E9488BDC3779753E1E3489AAEDEA\n' >"$T/c.csv"
run import "$T/c.csv"
check "CSV by its header's type and value columns" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print([(i["type"], i["value"]) for i in json.load(sys.stdin)["indicators"]])')" = \
    "[('ipv4', '198.51.100.7'), ('sha1', 'c79a326f8411e9488bdc3779753e1e3489aaedea')]" ]
run import --format list "$T/c.csv"
check "--format list reads it as a list: every line refused" [ "$rc" = 1 ]

: >"$T/empty.txt"
expect "nothing to carry" 1 '*' "*" -- import "$T/empty.txt"
check "said so" sh -c 'printf "%s" "$1" | grep -qx "hotline import: $2: no indicator hotline can carry"' _ "$err" "$T/empty.txt"
expect "no such file" 1 '' "hotline import: $T/absent: No such file or directory" -- import "$T/absent"
expect "a format it does not know" 2 '' "hotline import: --format 'yaml': must be auto, stix, misp, iodef, csv or list" -- import --format yaml "$T/l.txt"
expect "no file" 2 '' '*' -- import
expect "two files" 2 '' '*' -- import "$T/l.txt" "$T/l.txt"
run import --help
check "--help on stdout, exit 0" [ "$rc" = 0 ] && check "usage" sh -c 'printf "%s" "$1" | grep -q "^usage: hotline import \\[--format"' _ "$out"
head -c $((64 * 1024 * 1024 + 1)) /dev/zero >"$T/huge"
run import "$T/huge"
check "over 64 MiB: refused" [ "$rc" = 1 ] && check "said" sh -c 'printf "%s" "$1" | grep -q "larger than"' _ "$err"

# The body file carries the source's marking; send keeps it, or stricter.
pair
python3 -c '
import json, sys
b = json.load(open(sys.argv[1])); b["tlp"] = "amber+strict"
json.dump(b, open(sys.argv[2], "w"))' "$T/body.json" "$T/marked.json"
run send --dir "$A" --to cert.bb --type request --body "$T/marked.json"
check "send takes import's body" [ "$rc" = 0 ] &&
    check "marked as the file says" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$out'")" = amber+strict ] &&
    check "and the member is not in the body sent" [ "$(sql "$A" "SELECT json_type(raw, '$.body.tlp') IS NULL FROM messages WHERE id = '$out'")" = 1 ]
expect "--tlp lower than the file's: refused" 1 '' \
    "hotline send: $T/marked.json: TLP:AMBER is lower than TLP:AMBER+STRICT, the body file's marking; use --force to mark it so anyway" \
    -- send --dir "$A" --to cert.bb --type request --tlp amber --body "$T/marked.json"
python3 -c '
import json, sys
b = json.load(open(sys.argv[1])); b["tlp"] = "TLP:RED"
json.dump(b, open(sys.argv[2], "w"))' "$T/body.json" "$T/red.json"
expect "red content is for this node's eyes" 1 '' \
    "hotline send: $T/red.json: the body file is TLP:RED, for its named recipients only; use --force to pass it on anyway" \
    -- send --dir "$A" --to cert.bb --type request --body "$T/red.json"
run send --dir "$A" --to cert.bb --type request --force --body "$T/red.json"
check "forced, it goes, marked red" [ "$rc" = 0 ] && check "red" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$out'")" = red ]
run send --dir "$A" --to cert.bb --type request --tlp red --body "$T/marked.json"
check "stricter is fine" [ "$rc" = 0 ] && check "red" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$out'")" = red ]
run send --dir "$A" --to cert.bb --type request --tlp clear --force --body "$T/marked.json"
check "forced lower" [ "$rc" = 0 ] && check "clear" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$out'")" = clear ]
python3 -c '
import json, sys
b = json.load(open(sys.argv[1])); b["tlp"] = "orange"
json.dump(b, open(sys.argv[2], "w"))' "$T/body.json" "$T/orange.json"
expect "a marking that is none" 1 '' \
    "hotline send: $T/orange.json: tlp: not a TLP label (clear, green, amber, amber+strict, red)" \
    -- send --dir "$A" --to cert.bb --type request --body "$T/orange.json"
check "four requests queued, no more" [ "$(sql "$A" "SELECT count(*) FROM messages WHERE type = 'request'")" = 4 ]
finish
