#!/bin/sh
# A TLS rotation cut short by kill -9 between any two of its file steps,
# after its transaction: the next open finishes it, whatever step it
# stopped at (node.c tls_files_step: the old key and certificate linked
# to tls.prev.* first, then each new file renamed over the old, the
# certificate last). Each state is rebuilt from a rotation that ran to
# the end; after the open, the files are as that rotation left them.
. "$(dirname "$0")/../lib.sh"

A=$T/aa
"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$A" \
    --listen 127.0.0.1:7101 >/dev/null || bad "init"
"$HOTLINE" key rotate --tls --identity "$A/identity.key" --dir "$A" \
    >/dev/null || bad "rotate --tls"
D=$T/done
cp -a "$A" "$D"
# The four files a finished rotation holds, and what they must be.
same() {	# same DIR: DIR's TLS files are the finished rotation's
	for f in tls.key tls.crt tls.prev.key tls.prev.crt; do
		cmp -s "$1/$f" "$D/$f" || return 1
	done
	! ls "$1" | grep -q '\.new$'
}
# state NAME: a copy of the finished node, its files as a cut-short one
# had them (set up by the commands on stdin), opened by hotline status.
state() {
	S=$T/$1
	rm -rf "$S"
	cp -a "$D" "$S"
	(cd "$S" && sh) || bad "$1: set up"
	"$HOTLINE" status --dir "$S" >"$T/out" 2>"$T/err"
	check "$1: opens" [ $? -eq 0 ]
	check "$1: says nothing" [ ! -s "$T/err" ]
	check "$1: the rotation's files in place" same "$S"
}
# Killed right after the commit: no file moved yet.
state committed <<'S'
mv tls.key tls.key.new && mv tls.crt tls.crt.new
mv tls.prev.key tls.key && mv tls.prev.crt tls.crt
S
# After the old key's link to tls.prev.key.
state linked_key <<'S'
mv tls.key tls.key.new && mv tls.crt tls.crt.new
cp tls.prev.key tls.key && mv tls.prev.crt tls.crt
S
# After both links.
state linked_both <<'S'
mv tls.key tls.key.new && mv tls.crt tls.crt.new
cp tls.prev.key tls.key && cp tls.prev.crt tls.crt
S
# After the new key's rename, before the certificate's.
state key_renamed <<'S'
mv tls.crt tls.crt.new && cp tls.prev.crt tls.crt
S
# A second open of each changes nothing more.
"$HOTLINE" status --dir "$T/key_renamed" >/dev/null 2>&1
check "a second open: the same files" same "$T/key_renamed"
finish
