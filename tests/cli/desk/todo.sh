#!/bin/sh
# hotline todo: the queue's table and its JSON, at a time given with
# --at: what is owed with the time left, late on the receiving side, an
# answer until `show` reads it; the same JSON at the same time, twice;
# usage errors.
. "$(dirname "$0")/queue.sh"

expect "nothing yet" 0 "nothing needs attention" '' -- todo --dir "$B"
run send --dir "$A" --to cert.bb --type request --subject "SSH scanning" \
    --deadline 2h --tlp amber --body "$T/req.json"
r1=$out
carry "$A" "$B" "$r1"
s=$(sql "$B" "SELECT max(created, stored) FROM messages WHERE id = '$r1'")
due=$((s + 7200))
short=$(printf '%.12s' "$r1")
head=$(printf '%-11s %-8s %-16s %-12s %s' KIND DUE/LEFT PEER ID SUBJECT/DETAIL)
expect "owed, 40 minutes left" 0 "$head
owed        40m      cert.aa          $short SSH scanning: first answer due in 40m" '' \
    -- todo --dir "$B" --at "$(iso $((due - 2400)))"
expect "owed, two hours late" 0 "$head
owed        -2h      cert.aa          $short SSH scanning: first answer 2h late" '' \
    -- todo --dir "$B" --at "$(iso $((due + 7200)))"

# The JSON: attention_json() as it is, the same at the same time.
at=$(iso $((due - 2400)))
"$HOTLINE" todo --dir "$B" --json --at "$at" >"$T/j1" || bad "todo --json"
"$HOTLINE" todo --dir "$B" --json --at "$at" >"$T/j2" || bad "todo --json again"
check "two runs at one time are byte-identical" cmp -s "$T/j1" "$T/j2"
check "the item, exactly" [ "$(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
i = o["items"][0]
print(o["now"], o["count"], o["more"], len(o["items"]), i["kind"], i["msg"],
    i["peer"], i["type"], i["tier"], i["tlp"], i["subject"], i["due"],
    i["due_is"], i["left_s"], i["late"], i["since"], i["detail"])' "$T/j1")" = \
    "$at 1 0 1 owed $r1 cert.aa request cert amber SSH scanning $(iso $due) first 2400 False $(iso "$s") first answer due in 40m" ]

# Late on the receiving side: inbox says so too.
back "$B" "$r1" 10800
expect "late now" 0 "$head
owed        -1h      cert.aa          $short SSH scanning: first answer 1h late" '' \
    -- todo --dir "$B"

# An interim answer: due then is the final one's; aa has an answer.
"$HOTLINE" reply --dir "$B" "$r1" --body "$T/q.json" >"$T/a1" 2>"$T/a1.err" ||
    bad "reply: $(cat "$T/a1.err")"
a1=$(cat "$T/a1")
carry "$B" "$A" "$a1"
run todo --dir "$B" --json
check "the final answer is due now" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
i = json.load(sys.stdin)["items"][0]
print(i["due_is"], i["late"])')" = "final False" ]
expect "aa: the answer, unread" 0 "$head
answer      -        cert.bb          $(printf '%.12s' "$a1") SSH scanning: interim answer to $short" '' \
    -- todo --dir "$A"
expect "show reads it" 0 '*' '' -- show --dir "$A" "$a1"
check "once, in msg_reads, by who ran show" [ "$(sql "$A" "SELECT count(*), by FROM msg_reads WHERE id = '$a1'")" = "1|unix:$(id -un)" ]
check "and in the audit trail" [ "$(sql "$A" "SELECT count(*), actor, via FROM audit WHERE action = 'read' AND target = '$a1'")" = "1|unix:$(id -un)|cli" ]
expect "and it leaves the queue" 0 "nothing needs attention" '' -- todo --dir "$A"
"$HOTLINE" show --dir "$A" --json "$a1" >/dev/null || bad "show --json"
check "read once only" [ "$(sql "$A" "SELECT count(*) FROM msg_reads")" = 1 ]
check "recorded once only" [ "$(sql "$A" "SELECT count(*) FROM audit WHERE action = 'read'")" = 1 ]

# Usage.
expect "--at: not a time" 2 '' \
    "hotline todo: --at: not a duration ahead (8h), a date or an RFC 3339 time: 'soon'" \
    -- todo --dir "$B" --at soon
expect "an argument" 2 '' "usage: hotline todo [--json] [--at WHEN] [--dir DIR]" \
    -- todo --dir "$B" extra
expect "--help" 0 "usage: hotline todo [--json] [--at WHEN] [--dir DIR]" '' -- todo --help
finish
