#!/bin/sh
# What says who this node is may be read by others, written by none.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa
A=$T/aa
for f in hotline.conf tls.crt log.anchor; do
	chmod 666 "$A/$f"
	expect "serve -n with $f 0666" 1 '' \
	    "hotline serve: $A/$f: writable by other users (mode 666); run chmod 600" \
	    -- serve -n --dir "$A"
	chmod 644 "$A/$f"
done
expect "serve -n with them 0644" 0 '*' '' -- serve -n --dir "$A"
finish
