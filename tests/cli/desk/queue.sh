# Sourced by the queue's cases (todo, inbox_filters): the pair, nodes
# that ask nobody to cosign (a fixture may be hours old), and helpers to
# carry a message and to read a time.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
for d in "$A" "$B"; do
	printf 'cosign_refresh = 0\n' >>"$d/hotline.conf"
done
printf '{"summary":"are you seeing this too?"}' >"$T/q.json"
ssh_request "$T/req.json"

# carry FROM TO ID: ID, sent by FROM, accepted by TO.
carry() {
	"$HOTLINE" show --dir "$1" --raw "$3" | "$HOTLINE" accept --dir "$2" - \
	    >/dev/null || bad "carry $3"
}

# iso SECONDS: the RFC 3339 form of a time.
iso() {
	date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ
}

# back DIR ID SECONDS: moves a received message's times back, as if it
# had come that long ago (the signed bytes stay as they are).
back() {
	sqlite3 "$1/hotline.db" "UPDATE messages SET created = created - $3, \
	    deadline = deadline - $3, stored = stored - $3 WHERE id = '$2'"
}
