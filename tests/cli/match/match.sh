# Sourced by each case of this folder: hotline match over small logs
# written here, with the helpers that spell its output.
. "$(dirname "$0")/../lib.sh"

sha() { sha256sum "$1" | cut -c1-64; }
size() { wc -c <"$1" | tr -d ' '; }

# An sshd log and a web log, each with one sighting of 203.0.113.7 and
# evil.example; a list of four indicators, two of them there.
cat >"$T/auth.log" <<'LOG'
Nov 27 04:59:59 gw sshd[811]: Failed password for root from 203.0.113.7 port 52144 ssh2
Nov 27 05:00:03 gw sshd[811]: Accepted publickey for ops from 192.0.2.10 port 40022 ssh2
LOG
cat >"$T/web.log" <<'LOG'
198.51.100.23 - - [27/Nov/2026:05:10:00 +0000] "GET /login HTTP/1.1" 200 512 "http://evil.example/" "curl/8.0"
LOG
cat >"$T/list.txt" <<'LIST'
# this week's scanners
203.0.113.7
evil[.]example
192.0.2.99
d41d8cd98f00b204e9800998ecf8427e
LIST

# input PATH FORMAT LINES EVENTS: the provenance line of a text file
# read whole, all its lines events.
input() {
	printf 'input     %s (%s, %s bytes, sha256 %s): %s lines, %s events' \
	    "$1" "$2" "$(size "$1")" "$(sha "$1")" "$3" "$4"
}

# body FILE START END: a request body with the four indicators of
# list.txt and that observed window.
body() {
	cat >"$1" <<JSON
{"category": "scanning", "severity": "high", "summary": "scanners",
 "observed": {"start": "$2", "end": "$3"},
 "indicators": [{"type": "ipv4", "value": "203.0.113.7", "count": 3},
                {"type": "domain", "value": "evil.example"},
                {"type": "ipv4", "value": "192.0.2.99"},
                {"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"}],
 "expectations": ["investigate"]}
JSON
}

# line N: line N of $out.
line() {
	printf '%s\n' "$out" | sed -n "${1}p"
}
