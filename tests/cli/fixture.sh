# The CLI's fixtures: the nodes of tests/e2e/fixture.sh (initialized once
# per build, copied into a case), for a case in a folder below this one.
# Sourced after lib.sh; sets $A and $B for aa and bb where a case asks.
CLI=$(dirname "$0")/..

# A port the kernel says is free now (as tests/e2e/lib.sh has it).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

. "$CLI/../e2e/fixture.sh"

# pin A B: A and B pin each other (as tests/e2e/lib.sh has it).
pin() {
	"$HOTLINE" peer add --dir "$T/$1" "$T/$2.card" >/dev/null || bad "pin $2 at $1"
	"$HOTLINE" peer add --dir "$T/$2" "$T/$1.card" >/dev/null || bad "pin $1 at $2"
}

# modes DIR: the modes of DIR and what it holds.
modes() {
	(cd "$1" && stat -c '%a %n' . * | tr '\n' ' ')
}

# history: aa ($A) and bb ($B) from the fixtures, aa pinning bb and
# holding a ping to it (not sent), so that aa's database is worth
# something; a copy of that database in $T/aa.db.
history() {
	fixture aa bb
	A=$T/aa
	B=$T/bb
	"$HOTLINE" peer add --dir "$A" "$T/bb.card" >/dev/null || bad "pin bb"
	"$HOTLINE" ping --dir "$A" cert.bb >/dev/null || bad "ping"
	cp "$A/hotline.db" "$T/aa.db"
}

# pair: $A (cert.aa, AA) and $B (cert.bb, BB), each pinning the other,
# their cards in $T/aa.card and $T/bb.card: lib.sh two_nodes, copied.
pair() {
	if [ -d "${HL_FIXTURES:-}/pair" ]; then
		cp -a "$HL_FIXTURES/pair/." "$T/" || bad "copy the pair"
		A=$T/aa
		B=$T/bb
	else
		two_nodes
	fi
}
