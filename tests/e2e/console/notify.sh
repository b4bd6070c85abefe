# Sourced by the notification cases: lib.sh, and what they share.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"

# notify_conf NAME: NAME's config gets the KEY = VALUE lines on stdin.
notify_conf() {
	cat >>"$T/$1/hotline.conf"
}

# lines FILE: how many lines FILE has (0 if none).
lines() {
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}

# has_lines FILE N: FILE has N lines or more.
has_lines() {
	[ "$(lines "$1")" -ge "$2" ]
}

# logged NAME PATTERN N: NAME's log has N lines or more matching PATTERN.
logged() {
	[ "$(grep -Ec "$2" "$T/$1.log")" -ge "$3" ]
}

# a_query NAME: sends a query from aa to bb, its id on stdout.
a_query() {
	printf '{"summary":"%s"}' "$1" >"$T/q.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json"
}

# alive PID: PID runs (a zombie no parent reaps is not running).
alive() {
	[ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
}
