#!/bin/sh
# A revocation: aa's message key is compromised since T. hotline key
# revoke --since T makes a new key and a card (serial 2) that revokes
# the old one from T, with no grace. bb, once it pins that card, refuses
# the old key at once (key-revoked); hotline verify of aa's bundle flags
# exactly what aa's old key signed from T on that the bundle holds (the
# checkpoint bb last cosigned), and of bb's bundle flags aa's receipt
# and cosignatures from T on, and nothing of bb's own: exit 4, verified
# with flags.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"

json() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# query FROM TO TEXT: FROM queues a query to TO; its id in $qid.
query() {
	printf '{"summary":"%s"}' "$3" >"$T/q.json"
	qid=$("$HOTLINE" send --dir "$T/$1" --to "cert.$2" --type query \
	    --body "$T/q.json") || bad "send $1 -> $2"
}

node aa AA
node bb BB
pin aa bb
start aa
start bb
query aa bb "before"
wait_for "aa's first delivered" delivered aa 1
sleep 1
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
# From T on, signed by aa's old key: its receipt for bb's query, its
# cosignatures of bb's log, and the checkpoints bb cosigns of aa's.
query bb aa "after T"
bid=$qid
wait_for "bb's delivered" delivered bb 1
query aa bb "after T too"
wait_for "aa's second delivered" delivered aa 2
wait_for "aa's head cosigned by bb" cosigned aa bb
wait_for "bb's head cosigned by aa" cosigned bb aa
# aa down: what bb last cosigned of aa's log stays the old key's.
stop aa
cp -a "$T/aa" "$T/aa.old"
old_key=$("$HOTLINE" id --dir "$T/aa" | json 'd["key"]')
expect "key revoke" 0 '*' '' -- key revoke --identity "$T/aa/identity.key" \
    --reason compromise --since "$since" --dir "$T/aa"
check "it says the old key is revoked" [ "$(printf '%s' "$out" | sed -n 2p | \
    sed 's/.*(//')" = "the old one revoked)" ]
new_key=$("$HOTLINE" id --dir "$T/aa" | json 'd["key"]')
check "a new message key" [ -n "$new_key" -a "$new_key" != "$old_key" ]
check "the card revokes the old key from T" [ "$("$HOTLINE" id --dir "$T/aa" | \
    json 'd["serial"], d["retired"]')" = "2 [{'key': '$old_key', 'until': '$since', 'why': 'compromise'}]" ]
expect "--since in the future is refused" 2 '' \
    "hotline key revoke: --since '2999-01-01T00:00:00Z' is in the future: a key is revoked from a time that has come" \
    -- key revoke --identity "$T/aa/identity.key" --reason compromise \
    --since 2999-01-01T00:00:00Z --dir "$T/aa"
expect "a reason it does not know is refused" 2 '' \
    "hotline key revoke: --reason 'lost': compromise or superseded" \
    -- key revoke --identity "$T/aa/identity.key" --reason lost \
    --since 1h --dir "$T/aa"

# bb takes the notice (signed by the old key, its pinned card's) by hand.
nid=$(sql "$T/aa" "SELECT id FROM messages WHERE dir = 'out' AND type = 'notice'")
"$HOTLINE" show --dir "$T/aa" --raw "$nid" >"$T/notice"
expect "bb takes aa's notice" 0 '*' '' -- accept --dir "$T/bb" "$T/notice"
check "bb pins serial 2" [ "$(sql "$T/bb" "SELECT json_extract(card, '$.serial') \
    FROM peers WHERE party = 'cert.aa'")" = 2 ]

# At once: a message by the old key is refused, on the wire too.
query aa.old bb "from the thief"
"$HOTLINE" show --dir "$T/aa.old" --raw "$qid" >"$T/old.msg"
wire bb /v1/messages --cert "$T/aa/tls.crt" --key "$T/aa/tls.key" \
    -H 'Content-Type: application/json' --data-binary "@$T/old.msg"
check "the old key's message: 403" [ "$status" = 403 ]
check "the old key's message: key-revoked" [ "$(problem)" = "urn:hotline:problem:key-revoked" ]
check "bb's log names the refusal" grep -q "refused peer=cert.aa problem=key-revoked msg=$(printf '%.12s' "$qid")" "$T/bb.log"

# aa's bundle: its head signed by the new key (a message queued now),
# and the checkpoint bb last cosigned, signed by the old key after T.
query aa bb "with the new key"
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa.bundle" >/dev/null || bad "aa's bundle"
size=$(sql "$T/aa" "SELECT max(size) FROM cosignatures WHERE cosigner = 'cert.bb'")
first=$(sql "$T/aa" "SELECT min(idx) FROM log_leaves WHERE json_extract(data, '$.at') >= '$since'")
at=$(sql "$T/aa" "SELECT json_extract(data, '$.at') FROM log_leaves WHERE idx = $first")
want="flagged:     checkpoints[1]: checkpoint of size $size, its leaf $first dated $at, signed by cert.aa's key $old_key, revoked (compromise) since $since"
expect "aa's bundle: verified with flags" 4 '*' '' -- verify "$T/aa.bundle"
check "aa's bundle flags exactly the old key's checkpoint" [ "$(printf '%s\n' "$out" | grep '^flagged')" = "$want" ]
run verify --json "$T/aa.bundle"
check "--json: the same flag" [ "$(printf '%s' "$out" | json '[(f["where"], f["what"], f["party"], f["key"], f["until"], f["why"]) for f in d["bundles"][0]["flagged"]]')" = \
    "[('checkpoints[1]', 'checkpoint', 'cert.aa', '$old_key', '$since', 'compromise')]" ]
check "--json: exit 4" [ "$rc" = 4 ]

# bb's bundle: aa's receipt for bb's query after T and aa's cosignatures
# after T are flagged; nothing bb's own key signed.
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
run verify --json "$T/bb.bundle"
check "bb's bundle: exit 4" [ "$rc" = 4 ]
check "bb's bundle flags nothing of bb's own" [ "$(printf '%s' "$out" | json 'sorted(set(f["party"] for f in d["bundles"][0]["flagged"]))')" = "['cert.aa']" ]
rat=$(sql "$T/bb" "SELECT json_extract(receipt, '$.at') FROM messages WHERE id = '$bid'")
check "aa's receipt for bb's query is flagged" [ "$(printf '%s' "$out" | json '"\n".join(f["text"] for f in d["bundles"][0]["flagged"] if f["what"] == "receipt")')" = \
    "receipts[0]: receipt for $(printf '%.16s' "$bid") by cert.aa dated $rat, signed by cert.aa's key $old_key, revoked (compromise) since $since" ]
check "aa's cosignatures after T are flagged" [ "$(printf '%s' "$out" | json 'len([f for f in d["bundles"][0]["flagged"] if f["what"] == "cosignature"]) > 0')" = True ]
run verify "$T/bb.bundle"
check "bb's bundle: flagged lines in the text" [ "$(printf '%s\n' "$out" | grep -c '^flagged:     ')" -ge 2 ]
finish
