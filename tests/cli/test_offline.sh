#!/bin/sh
# hotline verify needs no node: $VERIFY_OFFLINE is its front end linked
# over the core library alone (tests/tools/verify_offline.c), so that it
# links at all proves the check is offline. Here it must also say exactly
# what `hotline verify` says, byte for byte and exit code for exit code,
# and need no SQLite, libcurl, zlib or libmaxminddb at run time.
. "$(dirname "$0")/lib.sh"
V=${VERIFY_OFFLINE:?set VERIFY_OFFLINE to the core-only verify binary}

two_nodes
ssh_request "$T/req.json"
"$HOTLINE" send --to cert.bb --type request --subject probe \
    --body "$T/req.json" --dir "$A" >/dev/null || bad "send"
# bb cosigns aa's head (as its daemon would), so aa's bundle verifies.
"$HOTLINE" log head --dir "$A" >"$T/head.note"
"$HOTLINE" log cosign --peer cert.aa "$T/head.note" --dir "$B" \
    >"$T/cosigned.note" || bad "cosign"
"$HOTLINE" log cosignature add "$T/cosigned.note" --dir "$A" >/dev/null ||
    bad "cosignature add"
"$HOTLINE" report --peer cert.bb --bundle "$T/aa.bundle" --dir "$A" \
    >/dev/null || bad "bundle"
"$HOTLINE" report --peer cert.aa --bundle "$T/bb.bundle" --dir "$B" \
    >/dev/null || bad "bundle bb"
sed 's/"cert.aa"/"cert.ab"/' "$T/aa.bundle" >"$T/forged.bundle"
head -c 200 "$T/aa.bundle" >"$T/cut.bundle"

# same ARGS...: both binaries, the same stdout, stderr and exit code
same() {
	"$HOTLINE" verify "$@" >"$T/o1" 2>"$T/e1"
	r1=$?
	"$V" "$@" >"$T/o2" 2>"$T/e2"
	r2=$?
	if [ "$r1" != "$r2" ]; then
		bad "verify $*: exit $r2 offline, $r1 in hotline"
	elif ! cmp -s "$T/o1" "$T/o2" || ! cmp -s "$T/e1" "$T/e2"; then
		bad "verify $*: output differs"
		diff "$T/o1" "$T/o2" >&2
		diff "$T/e1" "$T/e2" >&2
	else
		ok
	fi
}

same "$T/aa.bundle"
same --json "$T/aa.bundle"
same "$T/aa.bundle" "$T/bb.bundle"
same --card "$T/aa.card" --card "$T/bb.card" "$T/aa.bundle"
same "$T/forged.bundle"
same --json "$T/cut.bundle"
same "$T/absent.bundle"
same --help
same --no-such-option
same

# The outputs compared are the real ones, not two empty failures.
"$V" "$T/aa.bundle" >"$T/o" 2>&1
check "a good bundle verifies offline" [ $? -eq 0 ]
check "and says so" grep -q 'cert.aa' "$T/o"
"$V" "$T/forged.bundle" >/dev/null 2>&1
check "a forged one does not" [ $? -eq 1 ]

# Nothing of the node's or the daemon's libraries at run time either
# (readelf is binutils', which the compiler brought).
readelf -d "$V" >"$T/dyn" || bad "readelf -d $V"
check "linked against libsodium" grep -q 'NEEDED.*libsodium' "$T/dyn"
for lib in sqlite3 curl microhttpd maxminddb 'libz\.'; do
	check "no $lib" sh -c "! grep -q 'NEEDED.*$lib' '$T/dyn'"
done
finish
