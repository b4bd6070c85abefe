#!/bin/sh
# A request its sender withdrew: an answer to it is refused unless
# forced, and forced it stays withdrawn.
. "$(dirname "$0")/mistakes.sh"

requests
W=$("$HOTLINE" withdraw --dir "$A" "$R2") || bad "withdraw"
carry "$W"
check "withdrawn at bb" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R2'")" = withdrawn ]
expect "an answer to a withdrawn request" 1 '' \
    "hotline reply: $(printf '%.12s' "$R2") was withdrawn by cert.aa; use --force to send anyway" \
    -- reply --dir "$B" "$R2" --final --body "$T/answer.json"
expect "forced" 0 '*' '' -- reply --dir "$B" "$R2" --force --body "$T/answer.json"
check "still withdrawn" [ "$(sql "$B" "SELECT state FROM messages WHERE id = '$R2'")" = withdrawn ]
finish
