#!/bin/sh
# Accountability: two daemons exchange requests, one goes unanswered, an
# answer is held back while its asker is down; each side's bundle is
# verified offline, the two are cross-checked, and every single-field
# tampering of a bundle is refused with a precise message.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
start aa
start bb

ssh_request "$T/req.json"
r1=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
r2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --deadline 1s --body "$T/req.json")
printf '{"summary":"blocked"}' >"$T/final.json"
wait_for "r1 at bb" state_is bb "$r1" received
"$HOTLINE" reply --dir "$T/bb" "$r1" --final --body "$T/final.json" >/dev/null
wait_for "r1 answered" state_is aa "$r1" answered-final
wait_for "r2 overdue" state_is aa "$r2" overdue
heads_cosigned() { cosigned aa bb && cosigned bb aa; }
wait_for "both heads cosigned" heads_cosigned

# bb answers r2 late, while aa is down: the answer waits in bb's outbox.
stop aa
"$HOTLINE" reply --dir "$T/bb" "$r2" --final --body "$T/final.json" >/dev/null
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa1.bundle" >/dev/null || bad "aa's bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb1.bundle" >/dev/null || bad "bb's bundle"
row() {
	printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin)['bundles'][$1]['report']['peers'][0]['$2']; \
print(d['requests'], d['delivered'], d['answered_in_time'], d['answered_late'], d['unanswered'], d['overdue'], d['answers_delivered'])"
}
run verify --json "$T/aa1.bundle" "$T/bb1.bundle"
check "both bundles verify, cross-checked" [ "$rc" = 0 ]
check "aa: 2 asked, both delivered, 1 answered in time, 1 unanswered and overdue" [ "$(row 0 out)" = "2 2 1 0 1 1 1" ]
check "bb: answered 1 in time and 1 late, but only 1 answer delivered" [ "$(row 1 in)" = "2 2 1 1 0 0 1" ]
check "bb's head is past what aa cosigned: said so" [ "$(printf '%s' "$out" | python3 -c \
    "import json,sys; b=json.load(sys.stdin)['bundles'][1]; print(b['cosigned'][0]['size'] < b['size'])")" = True ]

# aa comes back; the late answer arrives and both sides agree.
start aa
wait_for "r2 answered late" state_is aa "$r2" answered-final
wait_for "both heads cosigned" heads_cosigned
"$HOTLINE" report --dir "$T/aa" --peer cert.bb --bundle "$T/aa.bundle" >"$T/aa.table" || bad "aa's bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
run verify --json --card "$T/aa.card" --card "$T/bb.card" "$T/aa.bundle" "$T/bb.bundle"
check "both verify against the cards given" [ "$rc" = 0 ]
check "aa: 1 in time, 1 late" [ "$(row 0 out)" = "2 2 1 1 0 0 2" ]
check "bb: the same, from its own log" [ "$(row 1 in)" = "2 2 1 1 0 0 2" ]
check "keys came from --card" [ "$(printf '%s' "$out" | python3 -c \
    "import json,sys; print({k['from'] for k in json.load(sys.stdin)['bundles'][0]['keys']})")" = "{'--card'}" ]
run verify "$T/aa.bundle"
check "the text names the log and what was checked" [ "$(printf '%s\n' "$out" | head -1)" = \
    "verified     cert.aa's log: $(sql "$T/aa" 'SELECT max(size) FROM checkpoints') leaves to its signed head, 2 receipts, every number recomputed" ]
check "it warns that the keys came with the bundle" sh -c "printf '%s\n' \"\$1\" | grep -q '^note         the keys came with the bundle'" _ "$out"
check "and prints the report the node printed" [ "$(printf '%s\n' "$out" | grep -A3 '^report of')" = "$(cat "$T/aa.table")" ]
stop aa
stop bb

# A second, independent checker (Python and openssl, no hotline) agrees.
CHECKER=$VECTORS/../../docs/audit/check_bundle.py
for s in aa bb; do
	run_checker() { python3 "$CHECKER" "$1" >"$T/checker.out" 2>&1; }
	check "docs/audit/check_bundle.py passes $s's bundle" run_checker "$T/$s.bundle"
	check "and says so" [ "$(tail -1 "$T/checker.out")" = OK ]
done

# Tampering: one field at a time, each refused, naming what failed.
N=$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')
tamper() {
	python3 - "$T/aa.bundle" "$T/bad" "$1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
}
refused() {
	name=$1 want=$2
	expect "$name" 1 '' "hotline verify: $T/bad: $want" -- verify "$T/bad"
}
tamper 'b["report"]["peers"][0]["out"]["requests"] = 3'
refused "a count" "report.peers[0].out.requests: the bundle says 3, the leaves say 2"
python3 "$CHECKER" "$T/bad" >"$T/checker.out" 2>&1
check "the independent checker refuses it too" [ "$?:$(tail -1 "$T/checker.out")" = \
    "1:FAILED: report: cert.bb out requests is 3, the leaves say 2" ]
tamper 'b["report"]["peers"][0]["out"]["first_response_s"]["p50"] += 60'
refused "a response time" "$(python3 -c "import json; d=json.load(open('$T/aa.bundle'))['report']['peers'][0]['out']['first_response_s']['p50']; \
print('report.peers[0].out.first_response_s.p50: the bundle says %d, the leaves say %d' % (d + 60, d))")"
tamper 'b["leaves"][0] = b["leaves"][0].replace(b["leaves"][0][7:11], "1999")'
refused "a time in a leaf" "checkpoints: the $N leaves given do not make the root of checkpoint $N: a leaf was changed, dropped, added or moved"
tamper 'del b["leaves"][3]'
refused "a dropped leaf" "leaves: must hold the $N leaves of the head checkpoint, holds $((N - 1))"
tamper 'b["leaves"][2] = b["leaves"][1]'
refused "a duplicated leaf" "checkpoints: the $N leaves given do not make the root of checkpoint $N: a leaf was changed, dropped, added or moved"
tamper '
lines = b["checkpoints"][0].split("\n")
i = [k for k, l in enumerate(lines) if l.startswith("\u2014 hotline/cert.aa ")][0]
name, sig = lines[i].rsplit(" ", 1)
import base64
raw = bytearray(base64.b64decode(sig)); raw[10] ^= 1
lines[i] = name + " " + base64.b64encode(bytes(raw)).decode()
b["checkpoints"][0] = "\n".join(lines)'
refused "a swapped signature" "checkpoints[0]: the signature by hotline/cert.aa does not verify"
tamper '
lines = b["checkpoints"][0].split("\n")
import base64
lines[2] = base64.b64encode(bytes(32)).decode()
b["checkpoints"][0] = "\n".join(lines)'
refused "a checkpoint's root hash" "checkpoints[0]: the signature by hotline/cert.aa does not verify"
tamper '
b["checkpoints"] = ["\n".join(l for l in c.split("\n") if not l.startswith("\u2014 hotline/cert.bb ")) for c in b["checkpoints"]]'
refused "cosignatures removed" "checkpoints: cert.bb cosigned none of them: nothing shows cert.bb saw this log"
tamper 'b["receipts"][0] = b["receipts"][0].replace("\"leaf\":", "\"leaf\":1")'
refused "a receipt's leaf" "receipts[0]: the signature by cert.bb does not verify"
tamper 'del b["receipts"][1]'
refused "a dropped receipt" "$(python3 -c "
import json
b = json.load(open('$T/aa.bundle'))
idx = [i for i, l in enumerate(b['leaves']) if json.loads(l)['event'] == 'delivered']
print('receipts[1]: missing: leaf %d records a delivery of %s' % (idx[1], json.loads(b['leaves'][idx[1]])['msg']['id'][:16]))")"
tamper 'b["receipts"][0], b["receipts"][1] = b["receipts"][1], b["receipts"][0]'
refused "receipts swapped" "$(python3 -c "
import json
b = json.load(open('$T/aa.bundle'))
idx = [i for i, l in enumerate(b['leaves']) if json.loads(l)['event'] == 'delivered']
l = json.loads(b['leaves'][idx[0]])
print('receipts[0]: is not the receipt leaf %d records (%s by cert.bb at leaf %d)' % (idx[0], l['msg']['id'][:16], l['receipt']['leaf']))")"
tamper 'b["receipts"].append(b["receipts"][0])'
refused "a duplicated receipt" "receipts: 3 receipts for 2 deliveries"
tamper 'b["party"] = "cert.bb"'
refused "another party's name" "checkpoints[0]: a checkpoint of hotline/cert.aa, not of hotline/cert.bb"
head -c 1000 "$T/aa.bundle" >"$T/bad"
refused "a truncated bundle" "not JSON"
expect "not a bundle" 1 '' "hotline verify: $T/aa.card: not a hotline bundle (v 1)" -- verify "$T/aa.card"

# A card given for bb that is not bb's: bb's receipts cannot be trusted.
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$T/impostor" >/dev/null || bad "impostor"
"$HOTLINE" id --dir "$T/impostor" >"$T/impostor.card"
expect "an impostor's card" 1 '' \
    "hotline verify: $T/aa.bundle: cards[1]: cert.bb's key is not the one in the card given for it" \
    -- verify --card "$T/aa.card" --card "$T/impostor.card" "$T/aa.bundle"

# aa says it never got an answer to r1: it drops the leaf that says so
# and recounts. Its own cosigned checkpoint no longer fits...
python3 - "$T/aa.bundle" "$T/bad" "$r1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["leaves"] = [l for l in b["leaves"] if not (json.loads(l)["event"] == "received"
    and json.loads(l)["msg"].get("refs") == [sys.argv[3]])]
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
refused "an answer dropped from aa's bundle" "leaves: must hold the $N leaves of the head checkpoint, holds $((N - 1))"
# ...and bb holds aa's receipt for that answer, naming aa's leaf: given
# both bundles, verify checks that leaf of aa's log is bb's answer.
expect "aa's and bb's bundles agree" 0 '*' '' -- verify "$T/aa.bundle" "$T/bb.bundle"

# The year's joint review: aa writes and signs it, bb checks and
# countersigns it with its own bundle, anyone verifies both.
Y=$(date -u +%Y)
expect "aa signs the review" 0 "signed $T/review1" '' -- review --dir "$T/aa" --peer cert.bb --period "$Y" \
    --out "$T/review1" --svg "$T/chart.svg"
run verify "$T/review1"
check "alone, it verifies and says it waits for bb" [ "$rc:$(printf '%s\n' "$out" | head -1)" = \
    "0:review       $Y, cert.aa and cert.bb: signed by cert.aa, not countersigned yet" ]
expect "aa cannot countersign its own" 1 '' \
    "hotline review: $T/review1: parties: a review between cert.aa and cert.bb, not for cert.aa" \
    -- review --dir "$T/aa" --countersign "$T/review1" --out "$T/x"
expect "bb countersigns" 0 "countersigned $T/review2" '' -- review --dir "$T/bb" --countersign "$T/review1" --out "$T/review2"
run verify --card "$T/aa.card" --card "$T/bb.card" "$T/review2"
check "both signatures, both bundles, cross-checked" [ "$rc:$(printf '%s\n' "$out" | head -1)" = \
    "0:review       $Y, cert.aa and cert.bb: signed by cert.aa, countersigned by the other, both sides cross-checked" ]
check "both reports in it agree: aa's out is bb's in" [ "$(printf '%s\n' "$out" | grep '^cert\.bb  *out' | \
    awk '{print $3, $4, $5, $6, $7}')" = "$(printf '%s\n' "$out" | grep '^cert\.aa  *in' | awk '{print $3, $4, $5, $6, $7}')" ]
check "the chart is well-formed SVG with a bar per answered month" [ "$(python3 -c "
import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
print(t.tag == ns + 'svg', len([x for x in t.iter(ns + 'text') if x.text and x.text.startswith('$Y-')]),
      len([r for r in t.iter(ns + 'rect') if r.find(ns + 'title') is not None]) >= 1)" "$T/chart.svg")" = "True 12 True" ]
retamper() {
	python3 - "$T/review2" "$T/bad" "$1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
}
retamper 'b["bundles"]["cert.bb"]["report"]["peers"][0]["in"]["answered_late"] = 0'
refused "a number in bb's half" "bundles.cert.bb: report.peers[0].in.answered_late: the bundle says 0, the leaves say 1"
retamper 'b["period"] = str(int(b["period"]) - 1)'
refused "another period" "bundles: cert.aa's bundle is not its report on cert.bb for the review's period"
retamper 'b["signatures"][1]["sig"] = b["signatures"][0]["sig"]'
refused "aa's signature as bb's" "signatures: cert.bb's signature does not verify"
retamper 'del b["bundles"]["cert.bb"]'
refused "bb's bundle removed" "signatures: one signature and bundle per party that signed, the author first"

# aa cuts its log back below what bb cosigned and writes on: bb's witness
# refuses the new head and keeps the evidence, status raises the alarm,
# and bb's bundle shows aa's was rewritten.
S=$(sql "$T/bb" "SELECT size FROM witnessed WHERE origin = 'hotline/cert.aa'")
K=$((S - 1))
sqlite3 "$T/aa/hotline.db" "DELETE FROM log_leaves WHERE idx >= $K; \
    DELETE FROM log_nodes WHERE ((idx + 1) << level) > $K; \
    DELETE FROM cosignatures WHERE size > $K; DELETE FROM checkpoints WHERE size > $K"
start aa
start bb
for i in 1 2 3; do
	printf '{"summary":"after the cut %s"}' "$i" >"$T/q$i.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q$i.json" >/dev/null
done
equivocated() { [ "$(sql "$T/bb" 'SELECT count(*) FROM equivocations')" = 1 ]; }
wait_for "bb catches aa's rewrite" equivocated
run status --dir "$T/bb"
check "bb's status raises the alarm" [ "$rc:$(printf '%s\n' "$out" | grep -c '^ALARM       equivocation: hotline/cert.aa')" = 1:1 ]
"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa2.bundle" >/dev/null || bad "aa's second bundle"
"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb2.bundle" >/dev/null || bad "bb's second bundle"
stop aa
stop bb
run verify "$T/aa2.bundle"
check "alone, aa's bundle shows bb's last cosignature is older than its head" sh -c \
    "printf '%s\n' \"\$1\" | grep -q '^cosigned     by cert.bb at size [0-9]* (.*): later leaves are not witnessed by it\$'" _ "$out"
expect "with bb's, the rewrite is exposed" 1 '' \
    "hotline verify: $T/aa2.bundle: cert.bb cosigned cert.aa's log at size $S, and cert.aa's bundle has other leaves up to there: its log was rewritten" \
    -- verify "$T/aa2.bundle" "$T/bb2.bundle"
finish
