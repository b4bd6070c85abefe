#!/bin/sh
# The data directory is the node's secret, and a node knows it exists:
# modes after init (into an existing 0755 directory too), serve -n
# refusing what others can read and a TLS key that is not the
# certificate's, an emptied, foreign or tampered database refused by every
# command, log.anchor adopted once for an older node, and one daemon per
# data directory.
. "$(dirname "$0")/lib.sh"

PIDS=""
trap 'for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

modes() {
	(cd "$1" && stat -c '%a %n' . * | tr '\n' ' ')
}

# init into an existing directory that others may enter, holding only
# what `make` puts there (geo/): tightened, and every file 0600.
A=$T/aa
mkdir -p "$A/geo"
chmod 755 "$A"
PA=$(free_port)
expect "init into a 0755 directory" 0 '*' '' -- init --party cert.aa \
    --state AA --tier cert --listen "127.0.0.1:$PA" --dir "$A"
check "modes after init" [ "$(modes "$A")" = \
    "700 . 755 geo 600 hotline.conf 600 hotline.db 600 log.anchor 600 msg.key 600 tls.crt 600 tls.key " ]
expect "serve -n on a fresh node" 0 \
    "configuration ok: cert.aa (AA, cert) listens on 127.0.0.1:$PA" '' \
    -- serve -n --dir "$A"
check "log.anchor is the first checkpoint" [ "$(cat "$A/log.anchor")" = \
    "$(sql "$A" "SELECT CAST(note AS TEXT) FROM checkpoints WHERE size = 0")" ]

# A directory others may enter holding something else: refused, untouched.
mkdir "$T/shared"
chmod 755 "$T/shared"
: >"$T/shared/notes.txt"
expect "init into a 0755 directory with other files" 1 '' \
    "hotline init: $T/shared: open to other users (mode 755) and holds other files (notes.txt); give a new --dir, or chmod 700 it first" \
    -- init --party cert.cc --state CC --tier cert --dir "$T/shared"
check "that directory keeps its mode" [ "$(stat -c %a "$T/shared")" = 755 ]
check "and holds no node" [ "$(ls "$T/shared")" = notes.txt ]

# StrictModes: serve -n (and serve) refuse what others can open.
for f in hotline.db tls.key; do
	chmod 644 "$A/$f"
	expect "serve -n with $f 0644" 1 '' \
	    "hotline serve: $A/$f: open to other users (mode 644); run chmod 600" \
	    -- serve -n --dir "$A"
	chmod 600 "$A/$f"
done
chmod 620 "$A/hotline.db"
expect "serve with a group-writable database" 1 '' \
    "hotline serve: $A/hotline.db: open to other users (mode 620); run chmod 600" \
    -- serve --dir "$A"
chmod 600 "$A/hotline.db"
chmod 711 "$A"
expect "serve -n with the directory 0711" 1 '' \
    "hotline serve: $A: open to other users (mode 711); run chmod 700" \
    -- serve -n --dir "$A"
chmod 700 "$A"
# Private to someone else is still theirs (only root can hand it over).
if [ "$(id -u)" = 0 ]; then
	# Refused before SQLite opens the database: as root, SQLite would
	# hand such a -wal over to the database's owner and read it.
	touch "$A/hotline.db-wal" && chmod 600 "$A/hotline.db-wal"
	chown 4242 "$A/hotline.db-wal"
	expect "serve -n with another user's 0600 -wal" 1 '' \
	    "hotline serve: $A/hotline.db-wal: owned by uid 4242, not by this user (uid 0)" \
	    -- serve -n --dir "$A"
	check "the -wal left as it was" [ "$(stat -c %u "$A/hotline.db-wal")" = 4242 ]
	rm "$A/hotline.db-wal"
	chown 4242 "$A/tls.key"
	expect "serve with another user's 0600 tls.key" 1 '' \
	    "hotline serve: $A/tls.key: owned by uid 4242, not by this user (uid 0)" \
	    -- serve --dir "$A"
	chown 0 "$A/tls.key"
	mkdir "$T/theirs" && chown 4242 "$T/theirs"
	expect "init into another user's directory" 1 '' \
	    "hotline init: $T/theirs: owned by uid 4242, not by this user (uid 0)" \
	    -- init --party cert.zz --state ZZ --tier cert --dir "$T/theirs"
	check "and nothing made in it" [ -z "$(ls -A "$T/theirs")" ]
fi

# A TLS key that is not the certificate's.
cp "$A/tls.key" "$T/tls.key"
printf 'garbage\n' >"$A/tls.key"
expect "serve -n with a garbage tls.key" 1 '' \
    "hotline serve: $A/tls.key: not a PEM private key" \
    -- serve -n --dir "$A"
cp "$T/tls.key" "$A/tls.key"
B=$T/bb
PB=$(free_port)
"$HOTLINE" init --party cert.bb --state BB --tier cert \
    --listen "127.0.0.1:$PB" --dir "$B" >/dev/null || bad "init bb"
cp "$A/tls.crt" "$T/tls.crt"
cp "$B/tls.crt" "$A/tls.crt"
expect "serve -n with another node's tls.crt" 1 '' \
    "hotline serve: $A/tls.key: is not the key of $A/tls.crt (their public keys differ)" \
    -- serve -n --dir "$A"
cp "$T/tls.crt" "$A/tls.crt"
expect "serve -n with its own pair again" 0 '*' '' -- serve -n --dir "$A"

# Some history, so that the database is worth something.
"$HOTLINE" id --dir "$B" >"$T/bb.card"
"$HOTLINE" peer add --dir "$A" "$T/bb.card" >/dev/null || bad "pin bb"
"$HOTLINE" ping --dir "$A" cert.bb >/dev/null || bad "ping"
cp "$A/hotline.db" "$T/aa.db"
leaves=$(sql "$A" "SELECT count(*) FROM log_leaves")
check "the log has a leaf" [ "$leaves" = 1 ]

# An emptied database is nobody's new node: every command refuses it and
# it stays 0 bytes.
: >"$A/hotline.db"
empty="$A/hotline.db: empty (0 bytes): no hotline database in it; refusing to start a new one in its place"
expect "log verify on an emptied database" 1 '' "hotline log: $empty" \
    -- log verify --dir "$A"
expect "status on an emptied database" 1 '' "hotline status: $empty" \
    -- status --dir "$A"
run status --json --dir "$A"
check "status --json on it: the problem as JSON" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; p=json.load(sys.stdin)["problem"]; print(p["type"], p["field"])')" = "1:database $A/hotline.db" ]
expect "serve -n on an emptied database" 1 '' "hotline serve: $empty" \
    -- serve -n --dir "$A"
expect "serve on an emptied database" 1 '' "hotline serve: $empty" \
    -- serve --dir "$A"
check "it is still empty" [ "$(stat -c %s "$A/hotline.db")" = 0 ]
check "no -wal was made" [ ! -e "$A/hotline.db-wal" ]
# SQLite's own empty database (no tables): the same.
rm "$A/hotline.db"
sqlite3 "$A/hotline.db" "PRAGMA user_version = 0; VACUUM" || bad "sqlite3"
chmod 600 "$A/hotline.db"
expect "status on a database with no schema" 1 '' \
    "hotline status: $A/hotline.db: no schema: no hotline database in it; refusing to start a new one in its place" \
    -- status --dir "$A"
check "no tables were made in it" [ "$(sql "$A" "SELECT count(*) FROM sqlite_master")" = 0 ]
rm "$A/hotline.db"
expect "status with the database gone" 1 '' \
    "hotline status: $A/hotline.db: no database: No such file or directory" \
    -- status --dir "$A"
check "nothing made in its place" [ ! -e "$A/hotline.db" ]

# Another node's database copied in: foreign, named, refused.
cp "$B/hotline.db" "$A/hotline.db"
expect "status on a foreign database" 1 '' \
    "hotline status: $A/hotline.db: a foreign database: its log's origin is hotline/cert.bb, this node's (log.anchor) is hotline/cert.aa" \
    -- status --dir "$A"
expect "serve -n on a foreign database" 1 '' \
    "hotline serve: $A/hotline.db: a foreign database: its log's origin is hotline/cert.bb, this node's (log.anchor) is hotline/cert.aa" \
    -- serve -n --dir "$A"

# A second cert.aa (a re-init elsewhere): the same origin, another log.
A2=$T/aa2
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$A2" \
    >/dev/null || bad "init aa2"
cp "$A2/hotline.db" "$A/hotline.db"
expect "status on another log of the same name" 1 '' \
    "hotline status: $A/hotline.db: a foreign database: its first checkpoint (size 0) is not the one in log.anchor (same origin hotline/cert.aa, another log)" \
    -- status --dir "$A"

# Another message key of the same name (the second cert.aa's): log.anchor
# is not its signature.
cp "$T/aa.db" "$A/hotline.db"
cp "$A/msg.key" "$T/msg.key"
cp "$A2/msg.key" "$A/msg.key"
expect "status with another node's msg.key" 1 '' \
    "hotline status: $A/log.anchor: not a checkpoint signed by $A/msg.key: the message key is not the one this node's log was started with" \
    -- status --dir "$A"
cp "$T/msg.key" "$A/msg.key"
expect "status with its own database again" 0 '*' '' -- status --dir "$A"

# A log that does not verify: serve and serve -n refuse, and say so as
# log verify would (the alarm stands for status --check).
sql "$A" "UPDATE log_leaves SET data = CAST('{}' AS BLOB) WHERE idx = 0"
run log verify --dir "$A"
verr=${err#hotline log verify: }
check "log verify fails" [ "$rc" = 1 ]
sql "$A" "DELETE FROM alarms"
expect "serve -n on a tampered log" 1 '' \
    "hotline serve: $A/hotline.db: the log does not verify ($verr); see hotline log verify" \
    -- serve -n --dir "$A"
check "the alarm stands" [ "$(sql "$A" "SELECT count(*) FROM alarms WHERE kind = 'log-invalid'")" = 1 ]
cp "$T/aa.db" "$A/hotline.db"

# A node from before log.anchor: adopted once, from its own database.
rm "$A/log.anchor"
expect "status on a node without log.anchor" 0 '*' '' -- status --dir "$A"
check "log.anchor written again, 0600" [ "$(stat -c %a "$A/log.anchor")" = 600 ]
check "the same first checkpoint" [ "$(cat "$A/log.anchor")" = \
    "$(sql "$A" "SELECT CAST(note AS TEXT) FROM checkpoints WHERE size = 0")" ]
# ... but not another node's database, whose log aa's key did not sign.
rm "$A/log.anchor"
cp "$B/hotline.db" "$A/hotline.db"
expect "adopting a foreign database" 1 '' \
    "hotline status: $A/hotline.db: its log (origin hotline/cert.bb) was not started with this node's message key $A/msg.key" \
    -- status --dir "$A"
check "no log.anchor written for it" [ ! -e "$A/log.anchor" ]
cp "$T/aa.db" "$A/hotline.db"
expect "adopted again" 0 '*' '' -- status --dir "$A"

# One daemon per data directory: serve.lock holds its PID.
# serve_aa LOG: aa's daemon in the background, its PID in apid, once it
# serves (or a minute has passed).
serve_aa() {
	"$HOTLINE" serve --dir "$A" >"$1" 2>&1 &
	apid=$!
	PIDS="$PIDS $apid"
	i=0
	while ! grep -q "serving party=cert.aa" "$1" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
serve_aa "$T/aa.log"
check "the daemon serves" grep -q "serving party=cert.aa" "$T/aa.log"
check "serve.lock holds its PID" [ "$(cat "$A/serve.lock")" = "$apid" ]
check "serve.lock is 0600" [ "$(stat -c %a "$A/serve.lock")" = 600 ]
check "the -wal is 0600" [ "$(stat -c %a "$A/hotline.db-wal")" = 600 ]
expect "a second serve on the same directory" 1 '' \
    "hotline serve: $A is in use by PID $apid" -- serve --dir "$A"
expect "serve -n beside the daemon" 0 '*' '' -- serve -n --dir "$A"
# Another node on the same address: the errno's text.
sed "s/^listen = .*/listen = 127.0.0.1:$PA/" "$B/hotline.conf" >"$T/conf"
cat "$T/conf" >"$B/hotline.conf"
expect "serve on an address in use" 1 '' \
    "hotline serve: cannot listen on 127.0.0.1:$PA: Address already in use" \
    -- serve --dir "$B"
# kill -9 leaves no lock behind: a new daemon starts at once.
kill -9 "$apid"
wait "$apid" 2>/dev/null
serve_aa "$T/aa2.log"
apid2=$apid
check "restarted after kill -9" grep -q "serving party=cert.aa" "$T/aa2.log"
check "serve.lock holds the new PID" [ "$(cat "$A/serve.lock")" = "$apid2" ]
kill "$apid2"
wait "$apid2" 2>/dev/null
check "it stopped cleanly" grep -q "stopping party=cert.aa" "$T/aa2.log"

# What says who this node is may be read by others, written by none.
for f in hotline.conf tls.crt log.anchor; do
	chmod 666 "$A/$f"
	expect "serve -n with $f 0666" 1 '' \
	    "hotline serve: $A/$f: writable by other users (mode 666); run chmod 600" \
	    -- serve -n --dir "$A"
	chmod 644 "$A/$f"
done
expect "serve -n with them 0644" 0 '*' '' -- serve -n --dir "$A"
chmod 600 "$A/hotline.conf" "$A/tls.crt" "$A/log.anchor"

# Another party's message key: named, with whose it is.
cp "$A/msg.key" "$T/msg.key.aa"
cp "$B/msg.key" "$A/msg.key"
expect "status with cert.bb's msg.key" 1 '' \
    "hotline status: $A/msg.key: the key of hotline/cert.bb, not of this node (hotline/cert.aa, named in hotline.conf)" \
    -- status --dir "$A"
cp "$T/msg.key.aa" "$A/msg.key"

# A data directory reached through a symbolic link (a linked /home).
ln -s "$A" "$T/aa-link"
expect "status through a linked data directory" 0 '*' '' \
    -- status --dir "$T/aa-link"
mkdir -m 700 "$T/real-new"
ln -s "$T/real-new" "$T/new-link"
expect "init into a linked directory" 0 '*' '' -- init --party cert.nn \
    --state NN --tier cert --dir "$T/new-link"
check "the node is where the link points" [ -f "$T/real-new/hotline.db" ]

# A geo/ somebody else made (and may fill) is not make's.
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/planted/geo" && chmod 777 "$T/planted"
	chown 4242 "$T/planted/geo"
	expect "init beside another user's geo/" 1 '' \
	    "hotline init: $T/planted/geo: not a directory of this user's that only it can write; give a new --dir, or remove it first" \
	    -- init --party cert.zz --state ZZ --tier cert --dir "$T/planted"
	check "the directory's mode put back" [ "$(stat -c %a "$T/planted")" = 777 ]
fi

finish
