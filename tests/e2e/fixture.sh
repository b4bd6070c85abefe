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
	    "$HOTLINE" id --dir "$1/pair/aa" >"$1/pair/aa.card" &&
	    "$HOTLINE" id --dir "$1/pair/bb" >"$1/pair/bb.card" &&
	    "$HOTLINE" peer add --dir "$1/pair/aa" "$1/pair/bb.card" >/dev/null &&
	    "$HOTLINE" peer add --dir "$1/pair/bb" "$1/pair/aa.card" >/dev/null
}

# fixture_node NAME: the cached node NAME in $T/NAME, listening on a free
# port, its card in $T/NAME.card; sets PORT_NAME and PARTY_NAME as lib.sh
# `node` does.
fixture_node() {
	if [ ! -d "${HL_FIXTURES:-}/$1" ]; then
		if [ ! -d "$T/fixtures" ]; then
			fixture_make "$T/fixtures" || bad "fixtures"
		fi
		HL_FIXTURES=$T/fixtures
	fi
	cp -a "$HL_FIXTURES/$1" "$T/$1" || bad "copy fixture $1"
	port=$(free_port)
	# The two lines init wrote, as init would have written them for
	# this port; the rest of the file is left as it is.
	sed -e "s|^listen = .*|listen = 127.0.0.1:$port|" \
	    -e "s|^endpoint = .*|endpoint = https://127.0.0.1:$port|" \
	    "$T/$1/hotline.conf" >"$T/conf.tmp" &&
	    cat "$T/conf.tmp" >"$T/$1/hotline.conf" || bad "port of $1"
	rm -f "$T/conf.tmp"
	"$HOTLINE" id --dir "$T/$1" >"$T/$1.card" || bad "card of $1"
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
