#!/bin/sh
# init refuses a directory that is not safely its own: open to others
# and holding other files, another user's, or beside another user's geo/;
# each left as it was.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

mkdir "$T/shared"
chmod 755 "$T/shared"
: >"$T/shared/notes.txt"
expect "init into a 0755 directory with other files" 1 '' \
    "hotline init: $T/shared: open to other users (mode 755) and holds other files (notes.txt); give a new --dir, or chmod 700 it first" \
    -- init --party cert.cc --state CC --tier cert --dir "$T/shared"
check "that directory keeps its mode" [ "$(stat -c %a "$T/shared")" = 755 ]
check "and holds no node" [ "$(ls "$T/shared")" = notes.txt ]
# Private to someone else is still theirs (only root can hand it over).
if [ "$(id -u)" = 0 ]; then
	mkdir "$T/theirs" && chown 4242 "$T/theirs"
	expect "init into another user's directory" 1 '' \
	    "hotline init: $T/theirs: owned by uid 4242, not by this user (uid 0)" \
	    -- init --party cert.zz --state ZZ --tier cert --dir "$T/theirs"
	check "and nothing made in it" [ -z "$(ls -A "$T/theirs")" ]
	# A geo/ somebody else made (and may fill) is not make's.
	mkdir -p "$T/planted/geo" && chmod 777 "$T/planted"
	chown 4242 "$T/planted/geo"
	expect "init beside another user's geo/" 1 '' \
	    "hotline init: $T/planted/geo: not a directory of this user's that only it can write; give a new --dir, or remove it first" \
	    -- init --party cert.zz --state ZZ --tier cert --dir "$T/planted"
	check "the directory's mode put back" [ "$(stat -c %a "$T/planted")" = 777 ]
fi
finish
