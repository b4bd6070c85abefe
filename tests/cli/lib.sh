# Shared by the CLI tests: run hotline, compare exact output, count results.
# Each test script sources this, calls the expect_* helpers, then `finish`.
set -u

HOTLINE=${HOTLINE:?set HOTLINE to the hotline binary}
T=$(mktemp -d /tmp/hotline-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

unset HOTLINE_DIR

# free_port: a port on 127.0.0.1 free now, below the kernel's ephemeral
# range: a daemon's outgoing connections take their local ports from that
# range, and could take one found there before the daemon binds it.
free_port() {
	python3 -c '
import random, socket
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randrange(10000, lo) if lo > 11000 else 0))
        print(s.getsockname()[1])
        break
    except OSError:
        pass
    finally:
        s.close()
'
}

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# run ARGS...: runs hotline, leaving $out, $err and $rc.
run() {
	"$HOTLINE" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# expect NAME RC STDOUT STDERR -- ARGS...: exact exit code and output
# ('*' for either output means "anything").
expect() {
	name=$1 want_rc=$2 want_out=$3 want_err=$4
	shift 5
	run "$@"
	if [ "$rc" != "$want_rc" ]; then
		bad "$name: exit $rc, want $want_rc (stderr: $err)"
	elif [ "$want_out" != '*' ] && [ "$out" != "$want_out" ]; then
		bad "$name: stdout [$out], want [$want_out]"
	elif [ "$want_err" != '*' ] && [ "$err" != "$want_err" ]; then
		bad "$name: stderr [$err], want [$want_err]"
	else
		ok
	fi
}

# check NAME COND...: a shell condition.
check() {
	name=$1
	shift
	if "$@"; then ok; else bad "$name: $*"; fi
}

# sql DIR QUERY: one value from a node's database.
sql() {
	sqlite3 "$1/hotline.db" "$2"
}

# v1_node DIR: the node in DIR as a hotline from before identity keys
# left it: no own_cards row (it signs its version 1 card itself at each
# open) and no identity.key. The rows are kept by a trigger, which is
# dropped for this and made again.
v1_node() {
	sqlite3 "$1/hotline.db" "DROP TRIGGER own_cards_kept;
	    DELETE FROM own_cards;
	    CREATE TRIGGER own_cards_kept BEFORE DELETE ON own_cards
	    BEGIN SELECT RAISE(ABORT, 'a card is kept'); END;" &&
	    rm -f "$1/identity.key" || bad "v1_node $1"
}

# two_nodes: $A (cert.aa, AA) and $B (cert.bb, BB), each pinning the
# other, with their cards in $T/aa.card and $T/bb.card.
two_nodes() {
	A=$T/aa
	B=$T/bb
	"$HOTLINE" init --party cert.aa --state AA --tier cert --dir "$A" \
	    --listen 127.0.0.1:7101 >/dev/null || bad "init aa"
	"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B" \
	    --listen 127.0.0.1:7102 >/dev/null || bad "init bb"
	"$HOTLINE" id --json --dir "$A" >"$T/aa.card"
	"$HOTLINE" id --json --dir "$B" >"$T/bb.card"
	"$HOTLINE" peer add --dir "$A" "$T/bb.card" >/dev/null || bad "pin bb"
	"$HOTLINE" peer add --dir "$B" "$T/aa.card" >/dev/null || bad "pin aa"
}

# need_shared REL...: each public file this test reads in place from
# ../shared ($SHARED); if one is absent, say which and skip (77).
SHARED=${SHARED:-$(dirname "$0")/../../../shared}
need_shared() {
	for rel in "$@"; do
		if [ ! -r "$SHARED/$rel" ]; then
			echo "SKIP: $SHARED/$rel is absent: this test reads the public files in place from ../shared"
			exit 77
		fi
	done
}

finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}

# ssh_request FILE: a request body, SSH brute force from one address.
ssh_request() {
	cat >"$1" <<'JSON'
{"category":"scanning","severity":"high","summary":"SSH brute force",
 "observed":{"start":"2026-11-20T00:00:00Z","end":"2026-11-26T00:00:00Z"},
 "indicators":[{"type":"ipv4","value":"203.0.113.7","count":1200}],
 "expectations":["investigate"]}
JSON
}
