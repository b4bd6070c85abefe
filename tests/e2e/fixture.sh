# Fixtures: nodes ready for a case. Sourced after lib.sh.
#
# The cache ($HL_FIXTURES, made by tests/meson.build with mkfixture.sh
# whenever hotline is rebuilt) holds pair/, the CLI's two nodes pinning
# each other (tests/cli/fixture.sh `pair`), whose ports are never
# listened on. The nodes aa, bb and cc (cert.aa of AA, and so on, tier
# cert) are made by each case for the ports the kernel gives it: a card
# (version 2) is signed over its endpoint, port included, by the node's
# offline identity key, so a cached node's port cannot be changed by
# rewriting its config. Pins are made by the case too (lib.sh `pin`).

# The nodes a case makes: name, party, state.
FIXTURE_NODES="aa:cert.aa:AA bb:cert.bb:BB cc:cert.cc:CC"

# fixture_make DIR: makes the cache in DIR.
fixture_make() {
	mkdir -p "$1" || return 1
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

# fixture_node NAME: the node NAME in $T/NAME, listening on a free port,
# its card in $T/NAME.card; sets PORT_NAME and PARTY_NAME as lib.sh
# `node` does.
fixture_node() {
	port=$(free_port)
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
