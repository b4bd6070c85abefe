# Sourced by each case of this folder: an operator's ordinary mistakes,
# named, and the forms an operator reaches for. $A and $B are the CLI's
# pair (fixture.sh), with no daemons: messages go by `carry`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
printf '{"summary":"Is 203.0.113.7 yours?"}' >"$T/q.json"
ssh_request "$T/req.json"
printf '{"summary":"blocked"}' >"$T/answer.json"

# carry ID: aa's message, as signed, accepted by bb (no daemons here).
carry() {
	"$HOTLINE" show --raw --dir "$A" "$1" >"$T/carry.env" &&
	    "$HOTLINE" accept --dir "$B" "$T/carry.env" >/dev/null ||
	    bad "carry $1 to bb"
}

# asked: the requests aa's JSON report ($out) counts to its peer.
asked() {
	printf '%s' "$out" | python3 -c 'import json,sys; p=json.load(sys.stdin)["peers"]; print(p[0]["out"]["requests"] if p else 0)'
}

# requests: three requests from aa, carried to bb: $R1 (due 2099-12-24),
# $R2 (due in 90 minutes), $R3 (TLP:red, due 2099-12-24T12:00:00Z); the
# send's $rc and $out stay the last one's.
requests() {
	run send --dir "$A" --to cert.bb --type request --deadline 2099-12-24 --body "$T/req.json"
	R1=$out
	carry "$R1"
	run send --dir "$A" --to cert.bb --type request --deadline 90m --body "$T/req.json"
	R2=$out
	carry "$R2"
	run send --dir "$A" --to cert.bb --type request --tlp red --deadline 2099-12-24T12:00:00Z --body "$T/req.json"
	R3=$out
	carry "$R3"
}
