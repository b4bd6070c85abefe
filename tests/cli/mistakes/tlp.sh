#!/bin/sh
# TLP names in any case, with or without "TLP:"; WHITE and "TLP:" alone
# are none.
. "$(dirname "$0")/mistakes.sh"

for t in AMBER Amber TLP:RED tlp:amber+strict GREEN; do
	run send --dir "$A" --to cert.bb --type query --tlp "$t" --body "$T/q.json"
	low=$(printf '%s' "${t#*:}" | tr 'A-Z' 'a-z')
	check "--tlp $t: queued" [ "$rc" = 0 ]
	check "--tlp $t: marked $low" [ "$(sql "$A" "SELECT tlp FROM messages WHERE id = '$out'")" = "$low" ]
	carry "$out"
done
check "bb accepted each as marked" [ "$(sql "$B" "SELECT group_concat(tlp) FROM \
    (SELECT tlp FROM messages WHERE dir = 'in' ORDER BY seq)")" = "amber,amber,red,amber+strict,green" ]
expect "--tlp white is still no TLP" 2 '' \
    "hotline send: --tlp 'white': must be clear, green, amber, amber+strict or red (in any case)" \
    -- send --dir "$A" --to cert.bb --type query --tlp white --body "$T/q.json"
expect "--tlp TLP: alone is none" 2 '*' '*' \
    -- send --dir "$A" --to cert.bb --type query --tlp TLP: --body "$T/q.json"
finish
