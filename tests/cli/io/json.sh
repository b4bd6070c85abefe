#!/bin/sh
# --json on every listing and check a script reads: each one parses, and
# says what the text says; failures too, with their problem; a review's
# --json says what was written.
. "$(dirname "$0")/io.sh"

leaves
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
"$HOTLINE" review --peer cert.bb --period 2026 --out "$T/r.json" --json --dir "$A" >"$T/rv.json"
check "review --json: exit 0" [ $? = 0 ]
json "review --json" "$T/rv.json"
check "review --json" [ "$(field "$T/rv.json" 'j["result"], j["period"], j["by"], j["parties"], j["out"], j["svg"]')" = \
    "('signed', '2026', 'cert.aa', ['cert.aa', 'cert.bb'], '$T/r.json', None)" ]
check "the review written" [ "$(field "$T/r.json" 'j["type"], j["period"]')" = "('hotline-review', '2026')" ]
finish
