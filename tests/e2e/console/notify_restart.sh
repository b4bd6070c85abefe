#!/bin/sh
# Each sink's progress survives a crash: after kill -9 and a restart,
# what the notifier had done is not sent again, what it had not (the
# event it was running, the one behind it) is; the log line of each
# event is written once across both runs.
. "$(dirname "$0")/notify.sh"

node aa AA
node bb BB
pin aa bb
# Each run's pid in pids; while hold is there, a run never exits.
cat >"$T/notify" <<SH
#!/bin/sh
echo \$\$ >>"$T/pids"
body=\$(cat)
while [ -e "$T/hold" ]; do sleep 1; done
printf '%s\n' "\$body" >>"$T/events"
SH
chmod 755 "$T/notify"
notify_conf bb <<CONF
notify_exec = $T/notify
notify_timeout = 1h
CONF
start bb
start aa

q1=$(a_query first)
wait_for "the first event sent" has_lines "$T/events" 1
: >"$T/hold"
q2=$(a_query second)
wait_for "the second runs" has_lines "$T/pids" 2
q3=$(a_query third)
wait_for "all three delivered" delivered aa 3
wait_for "all three logged" logged bb 'hotline serve: event kind=request-received' 3
# The log sink writes its line, then keeps its progress: killed between
# the two it logs that event again (at least once). Killed after.
log_done() { [ "$(sql "$T/bb" "SELECT (SELECT done FROM notify_sinks WHERE sink = 'log') >= (SELECT max(id) FROM events)")" = 1 ]; }
wait_for "the log sink's progress kept" log_done
check "one done" [ "$(sql "$T/bb" "SELECT done FROM notify_sinks WHERE sink = 'exec'")" = 1 ]
stop bb KILL
# A crash leaves its notifier running, in its own process group: the
# test ends it, so that it cannot write after the restart.
pid2=$(sed -n 2p "$T/pids")
kill -9 "-$pid2"
orphan_gone() { ! alive "$pid2"; }
wait_for "the orphan gone" orphan_gone
rm -f "$T/hold"
start bb
wait_for "the rest sent" has_lines "$T/events" 3
# msgs: the messages the notifier got, in order.
msgs() {
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["msg"] for l in open(sys.argv[1])))' "$T/events"
}
check "the first not again; the one cut short and the next, in order" [ "$(msgs)" = "$q1 $q2 $q3" ]
check "each event logged once in both runs" [ "$(grep -c 'event kind=request-received' "$T/bb.log")" = 3 ]
# The program writes its line, then exits, then the sink moves on.
all_done() { [ "$(sql "$T/bb" "SELECT done FROM notify_sinks WHERE sink = 'exec'")" = 3 ]; }
wait_for "all done" all_done
stop aa
stop bb
finish
