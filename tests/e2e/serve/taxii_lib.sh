# Sourced by the taxii*.sh cases: serve.sh, and aa's TAXII listener
# walked with curl as a client would (the node's certificate pinned, as
# a MISP or OpenCTI would be told to).
. "$(dirname "$0")/serve.sh"

TAXII_TYPE='application/taxii+json;version=2.1'

# taxii_pair: aa and bb pinned, aa with a TAXII listener on a free port
# ($TPORT), aa's TLS pin in $AA_PIN; neither daemon started.
taxii_pair() {
	fixture_pair
	TPORT=$(free_port)
	printf 'taxii_listen = 127.0.0.1:%s\n' "$TPORT" >>"$T/aa/hotline.conf"
	AA_PIN=$(json 'd["tls_pin"]' <"$T/aa.card")
}

# taxii_user NAME LEVEL PASSWORD: a user of aa's, known by the password.
taxii_user() {
	printf '%s\n' "$3" | "$HOTLINE" taxii user add "$1" --clearance "$2" \
	    --password-stdin --dir "$T/aa" >/dev/null || bad "add user $1"
}

# tx PATH [curl args]: a GET of aa's TAXII PATH, Accept $ACCEPT (TAXII's
# type unless set); leaves $status, $body ($T/body) and the answer's
# head in $T/head.
ACCEPT=$TAXII_TYPE
tx() {
	path=$1
	shift
	status=$(curl -s -k --pinnedpubkey "$AA_PIN" -o "$T/body" -D "$T/head" \
	    -w '%{http_code}' -H "Accept: $ACCEPT" "$@" \
	    "https://127.0.0.1:$TPORT$path")
	body=$(cat "$T/body")
}

# field NAME: the value of header field NAME in $T/head (CR removed).
field() {
	tr -d '\r' <"$T/head" | sed -n "s/^$1: //Ip"
}

# auths USER: how many times aa's log says USER was authenticated.
auths() {
	grep -c "taxii auth user=$1 " "$T/aa.log" || true
}

# exchange: with both daemons up, aa's request to bb marked amber ($REQ),
# bb's final answer to it ($RESP), then, in a later second than the
# request's, aa's notice marked green ($NOTICE); all delivered.
exchange() {
	ssh_request "$T/req.json"
	REQ=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request \
	    --tlp amber --body "$T/req.json")
	wait_for "the request delivered" delivered aa 1
	cat >"$T/resp.json" <<'JSON'
{"status":"final","summary":"seen here",
 "findings":[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3}]}
JSON
	RESP=$("$HOTLINE" reply --dir "$T/bb" "$REQ" --final --body "$T/resp.json")
	wait_for "the answer delivered" delivered bb 1
	wait_for "aa holds the answer" state_is aa "$REQ" answered-final
	# Dated by the second it is stored in: one after the request's.
	wait_for "a second after the request" later_than \
	    "$(sql "$T/aa" "SELECT stored FROM messages WHERE id = '$REQ'")"
	cat >"$T/notice.json" <<'JSON'
{"kind":"planned-activity","summary":"a scan of ours, next week",
 "indicators":[{"type":"ipv4","value":"192.0.2.9"}]}
JSON
	NOTICE=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type notice \
	    --tlp green --body "$T/notice.json")
	wait_for "the notice delivered" delivered aa 2
}

# later_than S: the clock is past second S.
later_than() {
	[ "$(date +%s)" -gt "$1" ]
}

# export_ids ID...: the ids of the objects of aa's STIX exports of the
# messages, each once, sorted.
export_ids() {
	for m in "$@"; do
		"$HOTLINE" export --dir "$T/aa" "$m" --format stix |
		    json '"\n".join(o["id"] for o in d["objects"])'
	done | sort -u
}
