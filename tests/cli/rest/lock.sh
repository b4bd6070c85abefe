#!/bin/sh
# One daemon per data directory: serve.lock holds its PID; another node
# on the same address gets the errno's text; kill -9 leaves no lock
# behind.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

PIDS=""
trap 'for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

history
PA=$PORT_aa
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
finish
