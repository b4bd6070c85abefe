# Fixtures: nodes initialized once per build and copied into each case,
# so that a case starts from a ready state. Sourced after lib.sh.
#
# The cache ($HL_FIXTURES, made by tests/meson.build with mkfixture.sh
# whenever hotline is rebuilt) holds aa, bb and cc (cert.aa of AA, and so
# on, tier cert): keys, certificate, database and log, as `hotline init`
# leaves them; and pair/, the CLI's two nodes pinning each other
# (tests/cli/fixture.sh `pair`). Pins are not cached: a card is signed over its endpoint,
# port included, and each case gets its ports from the kernel, so the
# case pins (lib.sh `pin`) after its ports are set, with the real command.
# Without $HL_FIXTURES (a case run by hand) the nodes are made in $T.

# The nodes of the cache: name, party, state.
FIXTURE_NODES="aa:cert.aa:AA bb:cert.bb:BB cc:cert.cc:CC"

# fixture_make DIR: initializes the fixture nodes in DIR.
fixture_make() {
	mkdir -p "$1" || return 1
	for f in $FIXTURE_NODES; do
		n=${f%%:*}
		rest=${f#*:}
		# Port 1 until a case sets its own (fixture_node).
		"$HOTLINE" init --party "${rest%%:*}" --state "${rest#*:}" \
		    --tier cert --listen 127.0.0.1:1 --dir "$1/$n" \
		    >/dev/null || return 1
	done
	# The CLI's pair, as tests/cli/lib.sh two_nodes makes it: its ports
	# are never listened on, so its pins can be kept too.
	mkdir -p "$1/pair" &&
	    "$HOTLINE" init --party cert.aa --state AA --tier cert \
	    --dir "$1/pair/aa" --listen 127.0.0.1:7101 >/dev/null &&
	    "$HOTLINE" init --party cert.bb --state BB --tier cert \
	    --dir "$1/pair/bb" --listen 127.0.0.1:7102 >/dev/null &&
	    "$HOTLINE" id --json --dir "$1/pair/aa" >"$1/pair/aa.card" &&
	    "$HOTLINE" id --json --dir "$1/pair/bb" >"$1/pair/bb.card" &&
	    "$HOTLINE" peer add --dir "$1/pair/aa" "$1/pair/bb.card" >/dev/null &&
	    "$HOTLINE" peer add --dir "$1/pair/bb" "$1/pair/aa.card" >/dev/null
}

# fixture_node NAME: the fixture node NAME in $T/NAME, listening on a free
# port, its card in $T/NAME.card; sets PORT_NAME and PARTY_NAME as lib.sh
# `node` does.
fixture_node() {
	port=$(free_port)
	# Made afresh for its port: a card (version 2) is signed over its
	# endpoint by the node's offline identity key, and a node refuses a
	# config whose endpoint its card does not say, so a cached node's
	# port cannot be changed by rewriting its config. init is quick.
	for f in $FIXTURE_NODES; do
		[ "${f%%:*}" = "$1" ] || continue
		rest=${f#*:}
		"$HOTLINE" init --party "${rest%%:*}" --state "${rest#*:}" \
		    --tier cert --listen "127.0.0.1:$port" --dir "$T/$1" \
		    >/dev/null || bad "init $1"
	done
	"$HOTLINE" id --json --dir "$T/$1" >"$T/$1.card" ||
	    bad "card of $1"
	eval "PORT_$1=$port PARTY_$1=cert.$1"
}

# fixture NAME...: fixture_node for each.
fixture() {
	for n in "$@"; do
		fixture_node "$n"
	done
}

# fixture_pair: aa and bb, pinning each other.
fixture_pair() {
	fixture aa bb
	pin aa bb
}
