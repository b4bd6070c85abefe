#!/bin/sh
# An answer marked for a wider audience than its TLP:RED request:
# refused unless forced; unmarked, it takes the request's marking.
. "$(dirname "$0")/mistakes.sh"

requests
for t in clear AMBER amber+strict; do
	up=$(printf '%s' "$t" | tr 'a-z' 'A-Z')
	expect "--tlp $t on a red request" 1 '' \
	    "hotline reply: TLP:$up is lower than TLP:RED, the request's marking; use --force to mark it so anyway" \
	    -- reply --dir "$B" "$R3" --tlp "$t" --body "$T/answer.json"
done
check "no answer to R3 queued" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE type = 'response' AND refs LIKE '%$R3%'")" = 0 ]
run reply --dir "$B" "$R3" --body "$T/answer.json"
check "unmarked, the answer takes the request's TLP:red" [ "$rc" = 0 ] && \
    check "and is red" [ "$(sql "$B" "SELECT tlp FROM messages WHERE id = '$out'")" = red ]
run reply --dir "$B" "$R3" --final --tlp CLEAR --force --body "$T/answer.json"
check "forced, clear" [ "$rc" = 0 ] && \
    check "and is clear" [ "$(sql "$B" "SELECT tlp FROM messages WHERE id = '$out'")" = clear ]
finish
