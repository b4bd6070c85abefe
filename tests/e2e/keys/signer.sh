#!/bin/sh
# The daemon's signer: the process hotline serve starts keeps msg.key
# and forks one network process, which holds no key file, runs with no
# new privileges under a seccomp filter and without capabilities, and
# has every listening socket; traffic flows through it, and the signer
# logs each signature. The network process dying ends the daemon.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

fixture_pair
# A program bb's notifier runs inherits the sandbox: what it is refused.
cat >"$T/probe" <<SH
#!/bin/sh
cat >/dev/null
{
	grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
	if unshare -U true 2>/dev/null; then echo "unshare: allowed"; else echo "unshare: refused"; fi
} >"$T/probe.out"
SH
chmod 755 "$T/probe"
printf 'notify_exec = %s\n' "$T/probe" >>"$T/bb/hotline.conf"
# Outside the daemon the same call is allowed: the check below can fail.
unshare -U true 2>/dev/null && outside=allowed || outside=refused
start aa
start bb

# child NAME: the network process of NAME's daemon (the signer's child).
child() {
	eval "p=\$PID_$1"
	cat /proc/"$p"/task/*/children | tr -d " "
}
# sockets PID: the inodes of PID's sockets, one a line.
sockets() {
	ls -l /proc/"$1"/fd | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | sort -u
}
# listening: the inodes of every listening TCP socket.
listening() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk '$4 == "0A" { print $10 }' | sort -u
}

C=$(child aa)
check "one network process" [ "$(printf '%s\n' $C | wc -l)" = 1 ]
check "it is not the signer" [ -n "$C" -a "$C" != "$PID_aa" ]
ls -l /proc/"$C"/fd >"$T/child.fd"
ls -l /proc/"$PID_aa"/fd >"$T/parent.fd"
check "the network process has the database open" grep -q 'hotline.db$' "$T/child.fd"
check "the network process has no msg.key open" [ "$(grep -c 'msg.key' "$T/child.fd")" = 0 ]
check "the network process has no identity.key open" [ "$(grep -c 'identity.key' "$T/child.fd")" = 0 ]
check "the signer has no database open" [ "$(grep -c 'hotline.db' "$T/parent.fd")" = 0 ]
check "no new privileges" grep -qx 'NoNewPrivs:	1' /proc/"$C"/status
check "seccomp filter on" grep -qx 'Seccomp:	2' /proc/"$C"/status
check "the signer has no filter" grep -qx 'Seccomp:	0' /proc/"$PID_aa"/status
if [ "$(id -u)" = 0 ]; then
	check "as root: no capability left" grep -qx 'CapEff:	0000000000000000' /proc/"$C"/status
	check "as root: none to get back" grep -qx 'CapBnd:	0000000000000000' /proc/"$C"/status
fi
listening >"$T/listen"
sockets "$PID_aa" >"$T/psock"
sockets "$C" >"$T/csock"
check "the network process listens" [ "$(comm -12 "$T/listen" "$T/csock" | wc -l)" -ge 1 ]
check "the signer listens on nothing" [ "$(comm -12 "$T/listen" "$T/psock" | wc -l)" = 0 ]
check "the signer's one socket is the channel" [ "$(wc -l <"$T/psock")" = 1 ]

# Traffic: a query aa -> bb, bb's pong to aa's ping (an envelope bb's
# daemon signs), receipts both ways, aa's head cosigned by bb.
printf '{"summary":"first"}' >"$T/q.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json")
wait_for "delivery" delivered aa 1
ping=$("$HOTLINE" ping --dir "$T/aa" cert.bb)
pinged() {
	[ "$(sql "$T/aa" "SELECT state FROM messages WHERE id = '$ping' \
	    AND rtt_ms IS NOT NULL")" = answered ]
}
wait_for "the pong is back" pinged
pong=$(sql "$T/bb" "SELECT id FROM messages WHERE dir = 'out' AND type = 'pong'")
wait_for "bb's pong receipted" delivered bb 1
wait_for "aa's head cosigned by bb" cosigned aa bb
check "bb signed aa's receipt" grep -q "signer signed kind=receipt msg=$(printf '%.12s' "$id") peer=cert.aa seq=1 leaf=0 size=" "$T/bb.log"
check "bb signed its pong" grep -q "signer signed kind=envelope msg=$(printf '%.12s' "$pong") type=pong seq=1 to=cert.aa size=" "$T/bb.log"
check "aa signed the pong's receipt" grep -q "signer signed kind=receipt msg=$(printf '%.12s' "$pong") peer=cert.bb seq=1 " "$T/aa.log"
check "aa signed checkpoints of its log" grep -q "signer signed kind=checkpoint origin=hotline/cert.aa size=" "$T/aa.log"
check "bb cosigned aa's log" grep -q "signer signed kind=cosignature origin=hotline/cert.aa size=" "$T/bb.log"
check "the pong verifies with bb's key" "$HOTLINE" log verify --dir "$T/bb"
wait_for "bb's notifier ran" [ -s "$T/probe.out" ]
check "its program: no new privileges" grep -qx 'NoNewPrivs:	1' "$T/probe.out"
check "its program: under the filter" grep -qx 'Seccomp:	2' "$T/probe.out"
if [ "$outside" = allowed ]; then
	check "its program may not make a namespace" grep -qx 'unshare: refused' "$T/probe.out"
fi
check "nothing refused" [ "$(grep -c 'signer refused' "$T/aa.log" "$T/bb.log" | awk -F: '{ s += $2 } END { print s }')" = 0 ]

# The network process killed: the signer says so and exits non-zero.
kill -9 "$C"
wait "$PID_aa"
rc=$?
check "the daemon exits non-zero" [ "$rc" != 0 ]
check "the signer says why" grep -q "signer: the network process pid=$C was killed by signal 9" "$T/aa.log"
check "nothing of aa's daemon is left" [ -z "$(pgrep -P "$PID_aa")" ]
start aa
check "aa serves again, its lock free" [ "$(served aa)" = 2 ]

# A network process that cannot stop (here: stopped by SIGSTOP) holds
# the signer on a SIGTERM; a second one kills it.
C=$(child aa)
kill -STOP "$C"
kill -TERM "$PID_aa"
wait_for "the signer asked it to stop" grep -q "signer: stopping the network process pid=$C$" "$T/aa.log"
check "the signer waits for it" kill -0 "$PID_aa"
kill -TERM "$PID_aa"
wait "$PID_aa"
check "a second SIGTERM kills it" grep -q "signer: the network process pid=$C has not stopped: killing it" "$T/aa.log"
check "nothing of aa's daemon is left" [ ! -e /proc/"$C"/status ]
finish
