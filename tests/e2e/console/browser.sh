#!/bin/sh
# The console in a real browser (tests/browser/console.mjs): bb's officer
# sees aa's new request at the top of the queue with its countdown,
# opens it and answers it final, and it leaves the queue; aa's console
# lists the answer; bb's viewer finds no answer form and is refused one.
# A screenshot of each page goes to $HL_BUILD_DIR/console-screenshots/.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

BROWSER_DIR=$(cd "$E2E/../browser" && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "SKIP: no $CHROMIUM (scripts/setup.sh check installs Debian's chromium)"
	exit 77
fi
# lib.sh's node() makes a hotline node: env finds the program.
if ! env node --version >/dev/null 2>&1; then
	echo "SKIP: no node (scripts/setup.sh check installs nodejs)"
	exit 77
fi
if [ ! -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ]; then
	echo "SKIP: no playwright-core in $BROWSER_DIR/node_modules (scripts/setup.sh check installs it)"
	exit 77
fi

fixture_pair
for n in aa bb; do
	# free_port closes what it found: the kernel may hand it out again.
	p=$(free_port)
	while [ "$p" = "$PORT_aa" ] || [ "$p" = "$PORT_bb" ] ||
	    [ "$p" = "${CPORT_aa:-}" ]; do
		p=$(free_port)
	done
	printf 'console_listen = 127.0.0.1:%s\n' "$p" >>"$T/$n/hotline.conf"
	eval "CPORT_$n=$p"
done
# adduser NODE NAME ROLE PASSWORD: an account.
adduser() {
	printf '%s\n' "$4" | "$HOTLINE" user add --dir "$T/$1" "$2" \
	    --role "$3" --password-stdin >"$T/user.out" 2>&1 ||
	    bad "user add $2 at $1: $(cat "$T/user.out")"
}
adduser bb olga officer 'olga-on-duty-7'
adduser bb vic viewer 'vic-only-reads-3'
adduser aa otto officer 'otto-asks-5'
start aa
start bb
ssh_request "$T/req.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request \
    --subject 'SSH brute force from 203.0.113.7' --body "$T/req.json")
wait_for "delivery" delivered aa 1
console_up() {
	[ "$(curl -s -k -o /dev/null -w '%{http_code}' "https://127.0.0.1:$1/")" = 200 ]
}
wait_for "bb's console" console_up "$CPORT_bb"
wait_for "aa's console" console_up "$CPORT_aa"

shots=${HL_BUILD_DIR:-$T}/console-screenshots
rm -rf "$shots"
RECV=https://127.0.0.1:$CPORT_bb SEND=https://127.0.0.1:$CPORT_aa ID=$id \
    OFFICER_B=olga:olga-on-duty-7 VIEWER_B=vic:vic-only-reads-3 \
    OFFICER_A=otto:otto-asks-5 SHOTS=$shots CHROMIUM=$CHROMIUM \
    env node "$BROWSER_DIR/console.mjs" >"$T/browser.out" 2>&1
rc=$?
cat "$T/browser.out"
passed=$((passed + $(grep -c '^ok ' "$T/browser.out")))
failed=$((failed + $(grep -c '^FAIL: ' "$T/browser.out")))
check "the browser's run ends well" [ "$rc" = 0 ]

# What the browser did is what the nodes hold.
check "bb's copy is answered-final" state_is bb "$id" answered-final
wait_for "aa sees answered-final" state_is aa "$id" answered-final
check "bb's trail names olga's answer, from the console" [ "$(sql "$T/bb" \
    "SELECT count(*) FROM audit WHERE actor = 'olga' AND via = 'console' AND action = 'reply'")" = 1 ]
check "and no answer by vic" [ "$(sql "$T/bb" \
    "SELECT count(*) FROM audit WHERE actor = 'vic' AND action = 'reply'")" = 0 ]
check "the answer carries the findings loaded from the file" [ "$(sql "$T/aa" \
    "SELECT json_extract(raw, '$.body.findings[0].indicator.value') FROM messages \
    WHERE dir = 'in' AND type = 'response'")" = 203.0.113.7 ]
check "the query from the form reached aa" [ "$(sql "$T/aa" \
    "SELECT json_extract(raw, '$.body.summary') FROM messages WHERE dir = 'in' AND type = 'query'")" = \
    'Seen from your side as well?' ]
check "bb's trail names olga's send and ping" [ "$(sql "$T/bb" \
    "SELECT group_concat(action, ',') FROM (SELECT action FROM audit WHERE actor = 'olga' \
    AND action IN ('send', 'ping') ORDER BY id)")" = send,ping ]
for p in login queue message answer compose peers report audit; do
	check "a screenshot of $p" [ -s "$shots/$p.png" ]
done
if [ "$failed" -ne 0 ]; then
	for n in aa bb; do
		echo "--- $n.log, its end"
		tail -n 20 "$T/$n.log"
	done
fi
finish
