# Daemons on loopback for end-to-end tests: ports, start, stop, waiting.
# Sources tests/cli/lib.sh for the assertions. Every daemon started here
# is killed on exit, whatever happens.
# A case in a folder below sets E2E to this folder first.
. "${E2E:-$(dirname "$0")}/../cli/lib.sh"

PIDS=""
trap 'for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT


# node NAME STATE [PARTY TIER]: a node in $T/NAME listening on a free
# port, party cert.NAME of tier cert unless named.
node() {
	port=$(free_port)
	"$HOTLINE" init --party "${3:-cert.$1}" --state "$2" --tier "${4:-cert}" \
	    --listen "127.0.0.1:$port" --dir "$T/$1" >/dev/null || bad "init $1"
	"$HOTLINE" id --json --dir "$T/$1" >"$T/$1.card"
	eval "PORT_$1=$port PARTY_$1=${3:-cert.$1}"
}

# pin A B: A and B pin each other.
pin() {
	"$HOTLINE" peer add --dir "$T/$1" "$T/$2.card" >/dev/null || bad "pin $2 at $1"
	"$HOTLINE" peer add --dir "$T/$2" "$T/$1.card" >/dev/null || bad "pin $1 at $2"
}

# start NAME: runs the daemon, logging to $T/NAME.log, and waits for it.
# served NAME: how many times NAME's daemon has said it is serving.
served() {
	eval "party=\${PARTY_$1:-cert.$1}"
	grep -c "serving party=$party" "$T/$1.log" 2>/dev/null || true
}

# served_more NAME RUNS: it has said so more than RUNS times.
served_more() {
	[ "$(served "$1")" -gt "$2" ]
}

start() {
	# No console unless the case asks for one: daemons of parallel cases
	# would all try its default address.
	grep -q '^console_listen' "$T/$1/hotline.conf" ||
	    echo "console_listen = none" >>"$T/$1/hotline.conf"
	runs=$(served "$1")
	"$HOTLINE" serve --dir "$T/$1" >>"$T/$1.log" 2>&1 &
	eval "PID_$1=$!"
	PIDS="$PIDS $!"
	# A daemon that did not come up says why in its log: show it.
	wait_for "$1 serving" served_more "$1" "${runs:-0}" ||
	    sed "s|^|$1.log: |" "$T/$1.log" >&2
}

# stop NAME [SIGNAL]: stops the daemon and waits for it to exit.
stop() {
	eval "p=\$PID_$1"
	kill "-${2:-TERM}" "$p" 2>/dev/null
	wait "$p" 2>/dev/null
}

# wait_for WHAT COMMAND...: until COMMAND succeeds, for up to 60 s.
wait_for() {
	what=$1
	shift
	i=0
	while ! "$@" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 600 ]; then
			bad "timed out waiting for $what"
			return 1
		fi
		sleep 0.1
	done
}

# delivered NAME N: all N of NAME's sent messages have receipts.
delivered() {
	[ "$(sql "$T/$1" "SELECT count(*) FROM messages WHERE dir = 'out' AND \
	    receipt IS NOT NULL")" = "$2" ]
}

# wire NAME PATH [curl args]: a request to NAME's endpoint; leaves
# $status and $body.
wire() {
	eval "port=\$PORT_$1"
	path=$2
	shift 2
	status=$(curl -s -k -o "$T/body" -w '%{http_code}' "$@" \
	    "https://127.0.0.1:$port$path")
	body=$(cat "$T/body")
}

# problem: the "type" of the last answer.
problem() {
	printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["type"])'
}

# cosigned NAME PEER: NAME's latest checkpoint carries PEER's cosignature.
cosigned() {
	[ "$(sql "$T/$1" "SELECT count(*) FROM cosignatures WHERE cosigner = \
	    'cert.$2' AND size = (SELECT max(size) FROM checkpoints)")" = 1 ]
}

# state_is NAME ID STATE: the message's state in NAME's database.
state_is() {
	[ "$(sql "$T/$1" "SELECT state FROM messages WHERE id = '$2'")" = "$3" ]
}

