#!/bin/sh
# A notifier that never exits delays no delivery: messages sent while it
# hangs are delivered and receipted; it is killed after notify_timeout
# and its event tried again, before the events behind it, in order. The
# daemon stopping ends a notifier that hangs at once (no timeout waited
# for, no failure logged), and its event goes at the next start.
. "$(dirname "$0")/notify.sh"

node aa AA
node bb BB
pin aa bb
# Each run's pid in pids; the first run, and any while hang is there,
# never exits.
cat >"$T/notify" <<SH
#!/bin/sh
echo \$\$ >>"$T/pids"
body=\$(cat)
if [ ! -e "$T/ran" ] || [ -e "$T/hang" ]; then
	: >"$T/ran"
	while :; do sleep 1; done
fi
printf '%s\n' "\$body" >>"$T/events"
SH
chmod 755 "$T/notify"
notify_conf bb <<CONF
notify_exec = $T/notify
notify_timeout = 10s
CONF
start bb
start aa

q1=$(a_query first)
wait_for "the notifier runs, and hangs" test -e "$T/ran"
pid1=$(head -1 "$T/pids")
q2=$(a_query second)
q3=$(a_query third)
wait_for "all three delivered and receipted" delivered aa 3
wait_for "the log line of each" logged bb 'hotline serve: event kind=request-received' 3
check "while the notifier still hangs" alive "$pid1"
check "and nothing said it failed yet" [ "$(grep -c 'notify_exec.*failed' "$T/bb.log")" = 0 ]
check "bb stored the two behind it" [ "$(sql "$T/bb" "SELECT count(*) FROM messages WHERE \
    id IN ('$q2', '$q3') AND state = 'received'")" = 2 ]
check "the events behind it wait" [ "$(lines "$T/events")" = 0 ]

KILLED='warning: notify_exec event id=1 kind=request-received try=1/5 failed: no exit after notify_timeout \(10 s\): killed output=""'
wait_for "killed after notify_timeout" logged bb "$KILLED" 1
gone() { ! alive "$1"; }
check "it is gone" gone "$pid1"
wait_for "the three events" has_lines "$T/events" 3
# msgs: the messages the notifier got, in order.
msgs() {
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["msg"] for l in open(sys.argv[1])))' "$T/events"
}
check "tried again first, then the rest, in order" [ "$(msgs)" = "$q1 $q2 $q3" ]
check "one failure, nothing given up" [ "$(grep -c 'notify_exec' "$T/bb.log")" = 1 ]

# Stopping the daemon ends one that hangs.
: >"$T/hang"
q4=$(a_query fourth)
wait_for "the fourth runs" has_lines "$T/pids" 5
pid5=$(sed -n 5p "$T/pids")
stop bb
check "the daemon's stop ended it" gone "$pid5"
check "without waiting for its timeout" [ "$(grep -c 'notify_exec' "$T/bb.log")" = 1 ]
check "its event is not done" [ "$(sql "$T/bb" "SELECT done FROM notify_sinks WHERE sink = 'exec'")" = 3 ]
rm -f "$T/hang"
start bb
wait_for "sent at the next start" has_lines "$T/events" 4
check "that one" [ "$(msgs)" = "$q1 $q2 $q3 $q4" ]
check "and logged once only" [ "$(grep -c 'event kind=request-received' "$T/bb.log")" = 4 ]
stop aa
stop bb
finish
