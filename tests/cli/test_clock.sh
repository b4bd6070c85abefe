#!/bin/sh
# The clock policy from the command line: an envelope dated past the
# receiver's clock_skew is refused by check and accept with clock-skew
# and nothing is stored; one dated 1970 is accepted; clock_skew comes from
# hotline.conf. Envelopes with chosen times come from tests/tools/dated.c
# (signed with the node's own key through the library).
. "$(dirname "$0")/lib.sh"
DATED=${DATED:?set DATED to the dated test helper}

two_nodes
# dated_ping CREATED FILE: a ping from aa to bb created then, as sent.
dated_ping() {
	id=$("$DATED" "$A" cert.bb ping "$1" x) || bad "dated $1"
	"$HOTLINE" show --dir "$A" --raw "$id" >"$T/$2" || bad "show $id"
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
leaves() { sql "$B" 'SELECT count(*) FROM log_leaves'; }

# seq 1, dated 1970: old times are legitimate (store and forward).
dated_ping 0 old.json
old=$id
expect "check: 1970 is not refused" 0 "valid $old from cert.aa seq 1" '' \
    -- check --dir "$B" "$T/old.json"
expect "accept: 1970 is stored" 0 "accepted $old from cert.aa seq 1" '' \
    -- accept --dir "$B" "$T/old.json"

# seq 2, an hour ahead of bb's clock: refused by both, nothing stored.
now=$(date +%s)
ahead=$((now + 3600))
dated_ping "$ahead" new.json
new=$id
before=$(leaves)
# skewed CMD: the refusal, exactly but for the seconds that pass.
skewed() {
	printf '%s\n' "$err" | grep -Eq "^hotline $1: $T/new.json: created: is $(iso "$ahead"), (3[0-9]{3}) s ahead of this node's clock \([0-9T:Z-]+\); clock_skew allows 300 s\$"
}
for c in check accept; do
	run "$c" --dir "$B" "$T/new.json"
	check "$c: an hour ahead is refused" [ "$rc" = 1 ]
	check "$c: with clock-skew, naming created and the skew" skewed "$c"
	check "$c: nothing printed" [ -z "$out" ]
done
check "nothing stored" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE id = '$new'")" = 0 ]
check "only the 1970 message in the inbox" [ "$(sql "$B" "SELECT count(*) FROM messages WHERE dir = 'in'")" = 1 ]
check "the log did not grow" [ "$(leaves)" = "$before" ]

# clock_skew is bb's own policy, from its config.
printf 'clock_skew = 2h\n' >>"$B/hotline.conf"
expect "with clock_skew = 2h, an hour ahead is accepted" 0 \
    "accepted $new from cert.aa seq 2" '' -- accept --dir "$B" "$T/new.json"
lines=$(wc -l <"$B/hotline.conf")
sed -i 's/^clock_skew = 2h$/clock_skew = 2d/' "$B/hotline.conf"
expect "clock_skew over a day is a config error" 1 '' \
    "hotline check: $B/hotline.conf: line $lines: bad value for 'clock_skew': '2d'" \
    -- check --dir "$B" "$T/new.json"
finish
