#!/bin/sh
# Answers: the first final one goes; a second is refused unless forced.
. "$(dirname "$0")/mistakes.sh"

requests
expect "reply --help does not ask for --type" 0 \
    "usage: hotline reply ID [--final] [--tlp LEVEL] [--force] [--body FILE|-]
                    [--findings FILE|-] [--dir DIR]" '' -- reply --help
expect "a final answer" 0 '*' '' -- reply --dir "$B" "$R1" --final --body "$T/answer.json"
short1=$(printf '%.12s' "$R1")
expect "a second final answer" 1 '' \
    "hotline reply: $short1 already has a final answer; use --force to send anyway" \
    -- reply --dir "$B" "$R1" --final --body "$T/answer.json"
expect "an interim one after it" 1 '' \
    "hotline reply: $short1 already has a final answer; use --force to send anyway" \
    -- reply --dir "$B" "$R1" --body "$T/answer.json"
check "one answer queued" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE type = 'response'")" = 1 ]
expect "a second final answer, forced" 0 '*' '' \
    -- reply --dir "$B" "$R1" --final --force --body "$T/answer.json"
check "two answers queued" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE type = 'response'")" = 2 ]
check "the request stays answered-final" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R1'")" = answered-final ]
finish
