# Sourced by each case of this folder: lib.sh, the fixtures, and the
# story the cases check, told once and kept.
#
# The story: aa asks bb two requests, r1 answered in time, r2 (due in a
# second) goes overdue; both heads cosigned; aa goes down, bb answers r2
# late, and both write a bundle ($T/aa1.bundle, $T/bb1.bundle); aa comes
# back, the late answer arrives, both heads are cosigned again and both
# write a bundle ($T/aa.bundle, $T/bb.bundle; aa's table in $T/aa.table).
# Both daemons are then stopped. It takes daemons, deadlines and
# witnessing, so it is told once per build and day (the review's period
# is the year) into $HL_FIXTURES, under a lock, by the first case that
# needs it; each case copies it into its own $T.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

# tell DIR: the story, into DIR; 0 if every step happened. Not in a
# subshell, so that the daemons are in $PIDS, killed on exit.
tell() {
	case_T=$T
	was_failed=$failed
	T=$1
	fixture_pair
	start aa
	start bb
	ssh_request "$T/req.json"
	r1=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
	r2=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --deadline 1s --body "$T/req.json")
	printf 'r1=%s r2=%s\n' "$r1" "$r2" >"$T/ids"
	printf '{"summary":"blocked"}' >"$T/final.json"
	wait_for "r1 at bb" state_is bb "$r1" received
	"$HOTLINE" reply --dir "$T/bb" "$r1" --final --body "$T/final.json" >/dev/null
	wait_for "r1 answered" state_is aa "$r1" answered-final
	wait_for "r2 overdue" state_is aa "$r2" overdue
	wait_for "both heads cosigned" heads_cosigned
	# bb answers r2 late, while aa is down: the answer waits in bb's
	# outbox.
	stop aa
	"$HOTLINE" reply --dir "$T/bb" "$r2" --final --body "$T/final.json" >/dev/null
	"$HOTLINE" report --dir "$T/aa" --bundle "$T/aa1.bundle" >/dev/null || bad "aa's bundle"
	"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb1.bundle" >/dev/null || bad "bb's bundle"
	# aa comes back; the late answer arrives.
	start aa
	wait_for "r2 answered late" state_is aa "$r2" answered-final
	wait_for "both heads cosigned" heads_cosigned
	"$HOTLINE" report --dir "$T/aa" --peer cert.bb --bundle "$T/aa.bundle" >"$T/aa.table" || bad "aa's bundle"
	"$HOTLINE" report --dir "$T/bb" --bundle "$T/bb.bundle" >/dev/null || bad "bb's bundle"
	stop aa
	stop bb
	T=$case_T
	[ "$failed" -eq "$was_failed" ]
}

heads_cosigned() { cosigned aa bb && cosigned bb aa; }

# story: the story's files in $T, and $r1, $r2.
story() {
	if [ -z "${HL_FIXTURES:-}" ] || [ ! -d "$HL_FIXTURES" ]; then
		tell "$T" || bad "the story"
		. "$T/ids"
		return
	fi
	dir=$HL_FIXTURES/story-$(date -u +%Y%m%d)
	if mkdir "$HL_FIXTURES/story.lock" 2>/dev/null; then
		if [ ! -d "$dir" ]; then
			rm -rf "$dir.tmp"
			mkdir "$dir.tmp"
			if tell "$dir.tmp"; then
				mv "$dir.tmp" "$dir"
			else
				bad "the story"
			fi
		fi
		rmdir "$HL_FIXTURES/story.lock"
	else
		# Another case is telling it: wait for it, up to 5 min.
		i=0
		while [ -d "$HL_FIXTURES/story.lock" ] && [ "$i" -lt 3000 ]; do
			i=$((i + 1))
			sleep 0.1
		done
	fi
	if [ ! -d "$dir" ]; then
		bad "the story was not told"
		finish
		exit
	fi
	# The logs are the story's, not this case's.
	cp -a "$dir/." "$T/" || bad "copy the story"
	rm -f "$T/aa.log" "$T/bb.log"
	. "$T/ids"
}

# tamper EXPR: $T/bad, $T/aa.bundle with EXPR applied to it as b.
tamper() {
	python3 - "$T/aa.bundle" "$T/bad" "$1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
}

# refused NAME WANT: verify refuses $T/bad with WANT.
refused() {
	name=$1 want=$2
	expect "$name" 1 '' "hotline verify: $T/bad: $want" -- verify "$T/bad"
}

# row N SIDE: the counts of bundle N's report, one side, from $out.
row() {
	printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin)['bundles'][$1]['report']['peers'][0]['$2']; \
print(d['requests'], d['delivered'], d['answered_in_time'], d['answered_late'], d['unanswered'], d['overdue'], d['answers_delivered'])"
}

CHECKER=$VECTORS/../../docs/audit/check_bundle.py
