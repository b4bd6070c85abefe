# Sourced by the api_*.sh cases: serve.sh's fixtures, and aa's (and
# bb's) console on a free port, walked with curl as the browser console
# does (the node's certificate pinned, a cookie jar, the CSRF token in
# X-CSRF-Token).
. "$(dirname "$0")/../serve/serve.sh"

PW='correct horse battery staple'

# api_pair: aa and bb pinned, each with a console on a free port
# ($CPORT_aa, $CPORT_bb) and its TLS pin in $PIN_aa, $PIN_bb; neither
# daemon started.
api_pair() {
	fixture_pair
	for n in aa bb; do
		p=$(free_port)
		printf 'console_listen = 127.0.0.1:%s\n' "$p" >>"$T/$n/hotline.conf"
		eval "CPORT_$n=$p"
		eval "PIN_$n=\$(json 'd[\"tls_pin\"]' <\"\$T/$n.card\")"
	done
}

# operator NODE NAME ROLE: an account on NODE. Skips the case (77) while
# hotline user is not built yet (the users part of issue 15).
operator() {
	if ! printf '%s\n' "$PW" | "$HOTLINE" user add "$2" --role "$3" \
	    --password-stdin --dir "$T/$1" >"$T/user.out" 2>&1; then
		if grep -q 'not yet' "$T/user.out"; then
			echo "SKIP: hotline user is a stub here: $(cat "$T/user.out")"
			exit 77
		fi
		bad "user add $2 at $1: $(cat "$T/user.out")"
	fi
}

# api NODE METHOD PATH [curl args]: a request to NODE's console with
# NODE's jar ($T/NODE.jar); leaves $status, $body ($T/body) and the
# head in $T/head.
api() {
	n=$1 m=$2 path=$3
	shift 3
	eval "port=\$CPORT_$n pin=\$PIN_$n"
	status=$(curl -s -k --pinnedpubkey "$pin" -o "$T/body" -D "$T/head" \
	    -w '%{http_code}' -b "$T/$n.jar" -c "$T/$n.jar" -X "$m" "$@" \
	    "https://127.0.0.1:$port$path")
	body=$(cat "$T/body")
}

# post NODE PATH JSON [curl args]: a change, with the CSRF token of
# NODE's session ($CSRF_NODE).
post() {
	n=$1 path=$2 data=$3
	shift 3
	eval "csrf=\${CSRF_$n:-}"
	api "$n" POST "$path" -H 'Content-Type: application/json' \
	    -H "X-CSRF-Token: $csrf" --data-binary "$data" "$@"
}

# login NODE NAME [PASSWORD]: a session in NODE's jar, its token in
# $CSRF_NODE.
login() {
	api "$1" POST /api/v1/session -H 'Content-Type: application/json' \
	    --data-binary "{\"name\":\"$2\",\"password\":\"${3:-$PW}\"}"
	if [ "$status" = 201 ]; then
		eval "CSRF_$1=\$(json 'd[\"csrf\"]' <\"\$T/body\")"
	fi
}

# field NAME: the value of header field NAME in $T/head (CR removed).
field() {
	tr -d '\r' <"$T/head" | sed -n "s/^$1: //Ip"
}

# refused NAME STATUS SLUG: the last answer is that problem+json.
refused() {
	check "$1: $2" [ "$status" = "$2" ]
	check "$1: problem+json" [ "$(field Content-Type)" = application/problem+json ]
	check "$1: $3" [ "$(problem)" = "urn:hotline:problem:$3" ]
	check "$1: its status in the document" [ "$(json 'd["status"]' <"$T/body")" = "$2" ]
}
