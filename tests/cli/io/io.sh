# Sourced by each case of this folder: the tool's output is its input,
# and nothing is silently ignored. $A and $B are the CLI's pair.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
VA=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/aa.card")
printf '{"summary":"anything in your logs?"}' >"$T/q.json"
# json NAME FILE: the file is one JSON text (python3 -m json.tool parses it).
json() {
	check "$1 is JSON" python3 -m json.tool "$2" /dev/null
}
# field FILE EXPR: a Python expression over the parsed JSON as j.
field() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
count() {
	sql "$1" 'SELECT count(*) FROM messages'
}

# one: aa's first message to bb (a query, subject "où?"), $id, its bytes
# in $T/msg.json.
one() {
	id=$("$HOTLINE" send --dir "$A" --to cert.bb --type query --subject "où?" --body "$T/q.json")
	"$HOTLINE" show --dir "$A" --raw "$id" >"$T/msg.json"
}

# leaves: one, its leaf and inclusion proof ($T/leaf0, $T/leaf0.json,
# $T/p0, $T/p0.json), then a second message: its leaf ($T/leaf1,
# $T/leaf1.json) and leaf 0's proof in the tree of 2 ($T/p0b).
leaves() {
	one
	"$HOTLINE" log leaf 0 --dir "$A" >"$T/leaf0"
	"$HOTLINE" log leaf 0 --json --dir "$A" >"$T/leaf0.json"
	"$HOTLINE" log proof inclusion 0 --dir "$A" >"$T/p0"
	"$HOTLINE" log proof inclusion 0 --json --dir "$A" >"$T/p0.json"
	"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
	"$HOTLINE" log leaf 1 --json --dir "$A" >"$T/leaf1.json"
	"$HOTLINE" log leaf 1 --dir "$A" >"$T/leaf1"
	"$HOTLINE" log proof inclusion 0 --dir "$A" >"$T/p0b"
}
