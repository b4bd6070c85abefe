#!/bin/sh
# The tool's output is its input, and nothing is silently ignored: log
# leaf's output (raw, or --json) and log proof's --json are what proof
# verify takes; an envelope that gained indentation or a final newline is
# accepted in its canonical form and stored as such; errors follow the
# check order of hotline(1); every listing and check has --json, and it
# parses; an option a command does not use is a usage error (exit 2);
# text that is not UTF-8 is refused by name, not dropped.
. "$(dirname "$0")/lib.sh"

two_nodes
VA=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$T/aa.card")
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

# A subject or reason that is not UTF-8 is refused by name; nothing is
# signed, queued or logged.
printf '{"summary":"anything in your logs?"}' >"$T/q.json"
expect "subject not UTF-8" 2 '' "hotline send: --subject: not valid UTF-8" \
    -- send --dir "$A" --to cert.bb --type query --subject "$(printf 'bad \377')" --body "$T/q.json"
check "nothing queued" [ "$(count "$A")" = 0 ]
check "nothing logged" [ "$(sql "$A" 'SELECT count(*) FROM log_leaves')" = 0 ]
printf '{"summary":"caf\303"}' >"$T/q8.json"
run send --dir "$A" --to cert.bb --type query --body "$T/q8.json"
check "a body not UTF-8 is refused" [ "$rc" = 1 ]
check "naming the byte" [ "$err" = "hotline send: $T/q8.json: byte 14: invalid UTF-8 (unable to decode byte 0xc3 near '\"caf')" ]

id=$("$HOTLINE" send --dir "$A" --to cert.bb --type query --subject "où?" --body "$T/q.json")
"$HOTLINE" show --dir "$A" --raw "$id" >"$T/msg.json"
expect "reason not UTF-8" 2 '' "hotline withdraw: --reason: not valid UTF-8" \
    -- withdraw --dir "$A" --reason "$(printf '\377')" "$id"
check "still one message" [ "$(count "$A")" = 1 ]

# The check order of hotline(1): not JSON, then not an envelope or a
# schema error, and only then not canonical, even for input the strict
# parser would first find whitespace in.
printf '{"v": 1, "id": ' >"$T/broken.json"
expect "not JSON" 1 '' "hotline check: $T/broken.json: byte 14: not JSON: unexpected token near end of file" \
    -- check --dir "$B" "$T/broken.json"
printf '{\n  "summary": "a body, not an envelope"\n}\n' >"$T/body.json"
expect "a body" 1 '' "hotline check: $T/body.json: not an envelope: no \"v\", \"id\" or \"sig\" member (a message body is sent with hotline send)" \
    -- check --dir "$B" "$T/body.json"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); del e["tlp"]; print(json.dumps(e, indent=2))' \
    "$T/msg.json" >"$T/notlp.json"
expect "indented, a member gone: the schema" 1 '' "hotline check: $T/notlp.json: tlp: required" \
    -- check --dir "$B" "$T/notlp.json"

# Indented, or with a final newline: the canonical form is checked and
# stored, so the id and the stored bytes are the signed ones.
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=4))' \
    "$T/msg.json" >"$T/indented.json"
size=$(wc -c <"$T/msg.json" | tr -d ' ')
expect "check an indented envelope" 0 "valid $id from cert.aa seq 1" \
    "hotline check: $T/indented.json: byte 1: not canonical: whitespace (RFC 8785 has none); checking its canonical form ($size bytes)" \
    -- check --dir "$B" "$T/indented.json"
check "check stored nothing" [ "$(count "$B")" = 0 ]
expect "accept it" 0 "accepted $id from cert.aa seq 1" \
    "hotline accept: $T/indented.json: byte 1: not canonical: whitespace (RFC 8785 has none); checking its canonical form ($size bytes), which is what is stored" \
    -- accept --dir "$B" "$T/indented.json"
check "stored in canonical form, the signed bytes" [ "$(sql "$B" "SELECT id, hex(raw) FROM messages")" = \
    "$id|$(od -An -tx1 -v "$T/msg.json" | tr -d ' \n' | tr a-f A-F)" ]
check "its leaf names the same id" [ "$(sql "$B" "SELECT count(*), \
    json_extract(data, '$.event'), json_extract(data, '$.msg.id') FROM log_leaves")" = "1|received|$id" ]
cat "$T/msg.json" >"$T/nl.json"; echo >>"$T/nl.json"
"$HOTLINE" accept --json --dir "$B" "$T/nl.json" >"$T/acc.json" 2>"$T/acc.err"
json "accept --json" "$T/acc.json"
check "the same message again, with a final newline" [ "$(field "$T/acc.json" 'j["result"], j["id"] == "'$id'", j["canonical"]')" = \
    "('already-stored', True, False)" ]
check "the newline is named" [ "$(cat "$T/acc.err")" = \
    "hotline accept: $T/nl.json: byte $size: not canonical: whitespace after the value; checking its canonical form ($size bytes), which is what is stored" ]
check "still once" [ "$(count "$B")" = 1 ]
"$HOTLINE" check --json --dir "$B" "$T/body.json" >"$T/refused.json" 2>/dev/null
check "check --json of a refusal: exit 1" [ $? = 1 ]
json "check --json refusal" "$T/refused.json"
check "the problem type" [ "$(field "$T/refused.json" 'j["result"], j["type"]')" = "('refused', 'schema')" ]
"$HOTLINE" check --json --dir "$B" "$T/broken.json" >"$T/refused2.json" 2>/dev/null
check "not JSON names the byte" [ "$(field "$T/refused2.json" 'j["type"], j["offset"]')" = "('malformed', 14)" ]

# The wire stays strict: the daemon's endpoint takes only the exact bytes
# (DECISIONS.md); the library refuses what check took (unit test_envelope).

# log leaf N > f is a leaf proof verify takes; so is --json, and so is
# log proof inclusion --json.
"$HOTLINE" log leaf 0 --dir "$A" >"$T/leaf0"
"$HOTLINE" log leaf 0 --json --dir "$A" >"$T/leaf0.json"
"$HOTLINE" log proof inclusion 0 --dir "$A" >"$T/p0"
"$HOTLINE" log proof inclusion 0 --json --dir "$A" >"$T/p0.json"
check "log leaf ends in a newline" [ "$(tail -c 1 "$T/leaf0" | od -An -c | tr -d ' ')" = '\n' ]
root=$(field "$T/p0.json" 'j["checkpoint"].split("\n")[2]')
rhex=$(printf '%s' "$root" | base64 -d | od -An -tx1 -v | tr -d ' \n' | cut -c1-32)
want="verified     hotline/cert.aa+$(printf '%s' "$VA" | cut -d+ -f2) (Ed25519)
included     leaf 0 of 1 in hotline/cert.aa (root $rhex...)"
expect "log leaf > f, proof verify --leaf f" 0 "$want" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf0" "$T/p0"
expect "log leaf --json, proof --json" 0 "$want" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf0.json" "$T/p0.json"
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=3))' "$T/leaf0" >"$T/leaf0.ind"
expect "an indented copy of the leaf" 0 "$want" '' \
    -- proof verify --key "$VA" --leaf "$T/leaf0.ind" "$T/p0"
sed 's/"leaf_hash": "./"leaf_hash": "x/' "$T/leaf0.json" >"$T/leaf0.bad"
run proof verify --key "$VA" --leaf "$T/leaf0.bad" "$T/p0"
check "a leaf_hash not its leaf's" [ "$rc:$(printf '%s' "$err" | cut -d'(' -f1)" = \
    "1:hotline proof verify: $T/leaf0.bad: its leaf_hash is not the hash of its leaf " ]
"$HOTLINE" send --dir "$A" --to cert.bb --type query --body "$T/q.json" >/dev/null
"$HOTLINE" log leaf 1 --json --dir "$A" >"$T/leaf1.json"
"$HOTLINE" log proof inclusion 0 --dir "$A" >"$T/p0b"
expect "a --json leaf for another index" 1 '*' \
    "hotline proof verify: $T/p0b: the proof is for leaf 0, but $T/leaf1.json is leaf 1" \
    -- proof verify --key "$VA" --leaf "$T/leaf1.json" "$T/p0b"
"$HOTLINE" log leaf 1 --dir "$A" >"$T/leaf1"
expect "another leaf still does not fit" 1 '*' \
    "hotline proof verify: $T/p0b: leaf 0 is not in hotline/cert.aa's tree of size 2: the hashes do not lead to the root" \
    -- proof verify --key "$VA" --leaf "$T/leaf1" "$T/p0b"

# --json on every listing and check a script reads: each one parses.
"$HOTLINE" log head --dir "$A" >"$T/head.note"
"$HOTLINE" log proof consistency 1 2 --dir "$A" >/dev/null
"$HOTLINE" report --peer cert.bb --bundle "$T/aa.bundle" --dir "$A" >/dev/null
n=0
for args in "status" "inbox" "outbox" "show $id" "peer list" "log head" \
    "log verify" "log leaf 1" "log proof inclusion 1" \
    "log proof consistency 1 2" "report" "id" \
    "note verify --key $VA $T/head.note" \
    "proof verify --key $VA --leaf $T/leaf0 $T/p0" \
    "check $T/msg.json" "verify $T/aa.bundle"; do
	n=$((n + 1))
	# The offline checks have no node, so no --dir.
	case "$args" in
	note*|proof*|verify*) dir= ;;
	*) dir="--dir $A" ;;
	esac
	# shellcheck disable=SC2086
	"$HOTLINE" $args --json $dir >"$T/j$n.json" 2>"$T/j$n.err" ||
	    case "$args" in
	    check*) ;;	# cert.aa's own message: refused, still JSON
	    *) bad "$args --json: exit $? ($(cat "$T/j$n.err"))" ;;
	    esac
	json "$args --json" "$T/j$n.json"
done
check "log head --json" [ "$(field "$T/j6.json" 'j["origin"], j["size"], j["signatures"][0]["name"]')" = \
    "('hotline/cert.aa', 2, 'hotline/cert.aa')" ]
check "log head --json holds the note" [ "$(field "$T/j6.json" 'j["note"]')" = "$(cat "$T/head.note")" ]
check "log verify --json" [ "$(field "$T/j7.json" 'j["verified"], j["leaves"]')" = "(True, 2)" ]
check "log proof inclusion --json" [ "$(field "$T/j9.json" 'j["index"], j["size"], len(j["hashes"]), j["proof"].startswith("c2sp.org/tlog-proof@v1\nindex 1\n")')" = \
    "(1, 2, 1, True)" ]
check "log proof consistency --json" [ "$(field "$T/j10.json" 'j["from"], j["to"], len(j["hashes"])')" = "(1, 2, 1)" ]
check "note verify --json" [ "$(field "$T/j13.json" 'j["verified"], [s["result"] for s in j["signatures"]]')" = \
    "(True, ['verified'])" ]
check "proof verify --json" [ "$(field "$T/j14.json" 'j["verified"], j["index"], j["size"], j["origin"]')" = \
    "(True, 0, 1, 'hotline/cert.aa')" ]
check "check --json of aa's own message" [ "$(field "$T/j15.json" 'j["result"], j["type"]')" = \
    "('refused', 'wrong-recipient')" ]
"$HOTLINE" note verify --json --key "$VA" - <"$T/p0" >"$T/nv.json"
check "note verify --json of a failure: exit 1" [ $? = 1 ]
check "and says why" [ "$(field "$T/nv.json" 'j["verified"], j["problem"]["type"]')" = "(False, 'bad-signature')" ]
"$HOTLINE" proof verify --json --key "$VA" --leaf "$T/leaf1" "$T/p0b" >"$T/pv.json" 2>/dev/null
check "proof verify --json of a failure: exit 1" [ $? = 1 ]
check "and says why" [ "$(field "$T/pv.json" 'j["verified"], j["problem"]["type"]')" = "(False, 'bad-proof')" ]
# A review, signed: --json says what was written, read back from it.
"$HOTLINE" review --peer cert.bb --period 2026 --out "$T/r.json" --json --dir "$A" >"$T/rv.json"
check "review --json: exit 0" [ $? = 0 ]
json "review --json" "$T/rv.json"
check "review --json" [ "$(field "$T/rv.json" 'j["result"], j["period"], j["by"], j["parties"], j["out"], j["svg"]')" = \
    "('signed', '2026', 'cert.aa', ['cert.aa', 'cert.bb'], '$T/r.json', None)" ]
check "the review written" [ "$(field "$T/r.json" 'j["type"], j["period"]')" = "('hotline-review', '2026')" ]

# An option a command does not use is a usage error, never ignored.
for args in "log head --size 1" "log head --peer cert.bb" \
    "log verify --proof $T/p0" "log leaf 0 --size 1" \
    "log proof consistency 1 2 --size 2" "log cosign --json --peer cert.bb $T/head.note" \
    "log cosignature add --json $T/head.note" "log proof inclusion 0 --peer cert.bb" \
    "accept --raw $T/msg.json" "check --size 1 $T/msg.json" "canon --json $T/q.json" \
    "note verify --leaf $T/leaf0 --key $VA $T/head.note" \
    "proof verify --size 1 --key $VA --leaf $T/leaf0 $T/p0" \
    "review --raw --peer cert.bb --period 2026 --out $T/r2.json" \
    "send --json --to cert.bb --type query --body $T/q.json" \
    "show --json --raw $id"; do
	# shellcheck disable=SC2086
	run $args --dir "$A"
	check "$args: exit 2 ($err)" [ "$rc" = 2 ]
	check "$args: nothing on stdout" [ -z "$out" ]
done
expect "the unused option is named" 2 '' "hotline log: --size: not an option of log head
usage: hotline log head [--json] [--dir DIR]
       hotline log leaf N [--json] [--dir DIR]
       hotline log proof inclusion N [--size S] [--json] [--dir DIR]
       hotline log proof consistency A B [--json] [--dir DIR]
       hotline log verify [--json] [--dir DIR]
       hotline log cosign --peer PEER [--proof FILE] NOTE|- [--dir DIR]
       hotline log cosignature add NOTE|- [--dir DIR]" -- log head --size 1 --dir "$A"
check "two messages, as sent" [ "$(count "$A")" = 2 ]

finish
