#!/bin/sh
# StrictModes: serve -n (and serve) refuse what others can open, or what
# another user owns.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa
A=$T/aa
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
fi
expect "serve -n with its files private again" 0 '*' '' -- serve -n --dir "$A"
finish
