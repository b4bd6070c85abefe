#!/bin/sh
# A receiver whose disk fills: bb's data directory is a small tmpfs. With
# the disk full, a batch from aa is not stored and both operators hear
# why (SQLite's words, "no space left on device", the file); nothing is
# receipted. With room for some of the batch, bb stores those some (in
# smaller transactions) and says storage-full for the rest; once the
# disk has room, all arrive exactly once, in seq order, and both logs
# verify. The tmpfs lives in a mount namespace of the test's own, so it
# goes when the test does.
# In a chroot (whose root is no mount point) mounts cannot be made
# private; there the namespace keeps the propagation it has, and the trap
# below unmounts the tmpfs all the same.
if [ -z "${HL_FULL_NS:-}" ]; then
	for prop in private unchanged; do
		if unshare -m --propagation "$prop" true 2>/dev/null; then
			HL_FULL_NS=1 exec unshare -m --propagation "$prop" \
			    sh "$0" "$@"
		fi
	done
	echo "SKIP: cannot make a mount namespace (unshare -m): this test needs root and a tmpfs"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

N=100

mkdir "$T/bb"
if ! mount -t tmpfs -o size=12m,mode=0700 tmpfs "$T/bb"; then
	echo "SKIP: cannot mount a tmpfs (mount -t tmpfs)"
	exit 77
fi
trap 'for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; umount "$T/bb"; rm -rf "$T"' EXIT

node aa AA
node bb BB
pin aa bb
start bb

# A query of some 6 KB, so that the batch is more than the room made below.
python3 -c 'import json; print(json.dumps({"summary": "x" * 6000}))' >"$T/q.json"
i=1
while [ "$i" -le "$N" ]; do
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query \
	    --body "$T/q.json" >/dev/null || bad "send $i"
	i=$((i + 1))
done

# stored_in NAME: how many messages NAME has received.
stored_in() {
	sql "$T/$1" "SELECT count(*) FROM messages WHERE dir = 'in'"
}

# full_said N: bb's log has said storage-full more than N times.
full_said() {
	[ "$(grep -c 'not stored peer=cert.aa problem=storage-full' "$T/bb.log")" -gt "$1" ]
}

# Fill bb's disk to the last block.
dd if=/dev/zero of="$T/bb/filler" bs=4096 2>/dev/null
check "bb's disk is full" [ "$(df --output=avail "$T/bb" | tail -1 | tr -d ' ')" = 0 ]

# The operator of a full node hears why from the command line too.
expect "send on a full disk says why" 1 '' "hotline send: cannot queue the message: \
$T/bb/hotline.db: database or disk is full (no space left on device)" -- \
    send --dir "$T/bb" --to cert.aa --type query --body "$T/q.json"

start aa
wait_for "bb's storage-full" full_said 0
wait_for "aa's storage-full" grep -q "not delivered .*peer=cert.bb seq=1: storage-full: \
the receiver has no room to store it now; send it again later" "$T/aa.log"
check "bb's log says what SQLite said, and of which file" grep -q "not stored peer=cert.aa \
problem=storage-full msg=[0-9a-f]* seq=1: cannot store the message: $T/bb/hotline.db: \
database or disk is full (no space left on device)" "$T/bb.log"
check "bb tried smaller parts" grep -q "batch peer=cert.aa seq=1: $N messages do not fit, \
storing $((N / 2)) at a time" "$T/bb.log"
check "bb stored nothing" [ "$(stored_in bb)" = 0 ]
check "aa holds no receipt" [ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE \
    receipt IS NOT NULL")" = 0 ]
# alarm_is NAME ROWS: NAME's standing alarms (kind|subject|detail).
alarm_is() {
	[ "$(sql "$T/$1" "SELECT kind, subject, detail FROM alarms")" = "$2" ]
}

# The alarm is raised after the line is logged: waited for, not assumed.
wait_for "aa's refused alarm to say storage-full" alarm_is aa "refused|cert.bb|\
storage-full: the receiver has no room to store it now; send it again later"
check "bb's outbox did not take the query" [ "$(sql "$T/bb" "SELECT count(*) FROM messages")" = 0 ]

# Room for some of the batch (256 KiB; the batch is some 600 KB).
said=$(grep -c 'not stored peer=cert.aa problem=storage-full' "$T/bb.log")
truncate -s -256K "$T/bb/filler"
# Each answer before this one named seq 1: one that names a later seq
# came after receipts, so bb has stored what fits and answered.
wait_for "aa to hear storage-full past what fit" grep -Eq "not delivered \
msg=[0-9a-f]+ peer=cert.bb seq=([2-9]|[1-9][0-9]+): storage-full" "$T/aa.log"
check "bb said storage-full again" full_said "$said"
fit=$(stored_in bb)
check "bb stored some of the batch ($fit of $N)" [ "$fit" -gt 0 ]
check "bb stored not all of it ($fit of $N)" [ "$fit" -lt "$N" ]
wait_for "aa to keep the receipts of what fit" delivered aa "$fit"
check "what fit is seq 1..$fit, each once" [ "$(sql "$T/bb" "SELECT count(*), \
    count(DISTINCT id), min(seq), max(seq) FROM messages WHERE dir = 'in'")" = \
    "$fit|$fit|1|$fit" ]
check "aa's log names the first not stored" grep -q "not delivered .*peer=cert.bb \
seq=$((fit + 1)): storage-full" "$T/aa.log"

# Room for all.
rm -f "$T/bb/filler"
wait_for "all $N delivered" delivered aa "$N"
check "bb has every message once, seq 1..$N" [ "$(sql "$T/bb" "SELECT count(*), \
    count(DISTINCT id), min(seq), max(seq) FROM messages WHERE dir = 'in'")" = \
    "$N|$N|1|$N" ]
check "bb logged each once" [ "$(sql "$T/bb" "SELECT count(*), count(DISTINCT \
    json_extract(data, '$.msg.id')) FROM log_leaves")" = "$N|$N" ]
check "aa holds bb's very receipts" [ "$(sql "$T/aa" "SELECT group_concat(hex(receipt)) \
    FROM (SELECT receipt FROM messages ORDER BY seq)")" = "$(sql "$T/bb" \
    "SELECT group_concat(hex(receipt)) FROM (SELECT receipt FROM messages ORDER BY seq)")" ]
check "aa logged each delivered once" [ "$(sql "$T/aa" "SELECT count(*), count(DISTINCT \
    json_extract(data, '$.msg.id')) FROM log_leaves WHERE json_extract(data, '$.event') = \
    'delivered'")" = "$N|$N" ]
wait_for "aa's refused alarm to clear with the delivery" alarm_is aa ""
expect "aa's log verifies" 0 '*' '' -- log verify --dir "$T/aa"
expect "bb's log verifies" 0 '*' '' -- log verify --dir "$T/bb"
stop aa
stop bb
printf 'full: %d of %d messages fit in 256 KiB; %d storage-full answers\n' "$fit" "$N" \
    "$(grep -c 'not stored peer=cert.aa problem=storage-full' "$T/bb.log")"
finish
