#!/bin/sh
# The layering rule (docs/DECISIONS.md, "Layers"), checked on a source tree:
#
#   src/core      its own headers only; no SQLite, libcurl, libmicrohttpd,
#                 GnuTLS sessions or certificates, sockets, zlib or
#                 libmaxminddb
#   src/node      core and itself; no libcurl, libmicrohttpd, zlib or
#                 libmaxminddb
#   src/evidence  core and itself; no SQLite, network or TLS sessions
#   src/interop   core and itself; no SQLite, network, TLS sessions, zlib
#                 or libmaxminddb
#   src/serve     core, node, interop and itself; no zlib or libmaxminddb
#   src/cmd       any layer, but never the store: no store_* call
#   src/serve     never the store either
#
# The build enforces the local headers already (each layer's library is
# given only its own include directories and those below); this names the
# file and line, and catches what include directories cannot: a header
# named by a path ("../node/store.h"), system headers, which every layer
# can reach, and calls into the store through node.h. Text can be dodged
# (a header that includes another, a function pointer), so with a build
# the rule is also checked on what the objects call: the symbols each
# layer's library and the binary's front ends leave undefined.
#
#   layers.sh SRC          check SRC; exit 1 naming each breach
#   layers.sh --prove SRC BUILD
#                          check SRC and BUILD's objects, then break each
#                          rule in a scratch copy and show that this
#                          check, and for a local header the real build's
#                          compiler command, refuse it
set -u

# allowed local-header folders and banned system headers, per layer
allowed() {
	case $1 in
	core) echo "core" ;;
	node) echo "core node" ;;
	evidence) echo "core evidence" ;;
	interop) echo "core interop" ;;
	serve) echo "core node interop serve" ;;
	cmd) echo "core node evidence interop serve cmd" ;;
	esac
}
banned() {
	net='curl/|microhttpd\.h|sys/socket\.h|netdb\.h'
	tls='gnutls/(gnutls|x509|abstract|socket)\.h'
	case $1 in
	core) echo "sqlite3\.h|$net|$tls|zlib\.h|maxminddb\.h" ;;
	node) echo "$net|zlib\.h|maxminddb\.h" ;;
	evidence) echo "sqlite3\.h|curl/|microhttpd\.h|$tls" ;;
	interop) echo "sqlite3\.h|$net|$tls|zlib\.h|maxminddb\.h" ;;
	serve) echo "zlib\.h|maxminddb\.h" ;;
	cmd) echo "sqlite3\.h|microhttpd\.h" ;;
	esac
}

# check ROOT [LAYER]: prints each breach (of LAYER's files only, if
# given), returns 1 if any
check() {
	root=$1
	bad=0
	for layer in ${2:-core node evidence interop serve cmd}; do
		dir=$root/src/$layer
		[ -d "$dir" ] || { echo "$dir: missing"; bad=1; continue; }
		ok=$(allowed $layer)
		no=$(banned $layer)
		for f in "$dir"/*.c "$dir"/*.h; do
			[ -f "$f" ] || continue
			rel=${f#"$root"/}
			grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
			    sed -E 's/^([0-9]+):.*"([^"]+)".*/\1 \2/' > "$tmpd/inc"
			while read -r line h; do
				case $h in
				*/*)	# "../node/store.h" would walk past the
					# include directories the build gives
					echo "$rel:$line: includes \"$h\": a path;" \
					    "name the header alone"
					bad=1
					continue ;;
				esac
				found=
				for l in $ok; do
					[ -f "$root/src/$l/$h" ] && found=$l
				done
				[ -n "$found" ] && continue
				[ "$layer" = cmd ] && [ "$h" = hl_version.h ] && continue
				owner=
				for l in core node evidence interop serve cmd; do
					[ -f "$root/src/$l/$h" ] && owner=$l
				done
				echo "$rel:$line: includes \"$h\"${owner:+ from src/$owner}:" \
				    "src/$layer may include only $ok"
				bad=1
			done < "$tmpd/inc"
			grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($no)" "$f" |
			    sed -E 's/^([0-9]+):.*<([^>]+)>.*/\1 \2/' > "$tmpd/inc"
			while read -r line h; do
				echo "$rel:$line: includes <$h>: not in src/$layer"
				bad=1
			done < "$tmpd/inc"
			case $layer in
			cmd|serve)
				grep -noE '(^|[^a-z_])store_[a-z0-9_]+[[:space:]]*\(' \
				    "$f" | sed -E 's/^([0-9]+):[^s]*(store_[a-z0-9_]+).*/\1 \2/' \
				    > "$tmpd/inc"
				while read -r line fn; do
					echo "$rel:$line: calls $fn(): src/$layer" \
					    "never touches the store; use node_*"
					bad=1
				done < "$tmpd/inc" ;;
			esac
		done
	done
	return $bad
}

# Symbols a layer's objects may not call (extended regexes over nm -u).
net_syms='socket|connect|bind|listen|accept4?|getaddrinfo|gethostbyname|send|sendto|sendmsg|recv|recvfrom|recvmsg|setsockopt'
up_node='(store|node|tlog|mlog|audit|tls)_'
up_evidence='(reader|tally|table|provenance|request|geo|origins)_'
up_serve='(serve|http|handler|client|deliver|witness|workers?|log)_'
up_cmd='(cli|cmd)_'
banned_syms() {
	case $1 in
	core) echo "^(sqlite3_|curl_|MHD_|MMDB_|gnutls_|gz|inflate|deflate|$up_node|$up_evidence|$up_serve|$up_cmd|($net_syms)\$)" ;;
	node) echo "^(curl_|MHD_|MMDB_|gz|inflate|deflate|$up_evidence|$up_serve|$up_cmd|($net_syms)\$)" ;;
	evidence) echo "^(sqlite3_|curl_|MHD_|gnutls_|$up_node|$up_serve|$up_cmd|($net_syms)\$)" ;;
	interop) echo "^(sqlite3_|curl_|MHD_|MMDB_|gnutls_|gz|inflate|deflate|$up_node|$up_evidence|$up_serve|$up_cmd|($net_syms)\$)" ;;
	serve) echo "^(store_|MMDB_|gz|inflate|deflate|$up_evidence|$up_cmd)" ;;
	cmd) echo "^(store_|sqlite3_)" ;;
	esac
}

# ... but for these: core hashes with GnuTLS (SHA-256 on the CPU's
# instructions), and has no session, certificate or socket of it.
allowed_syms() {
	case $1 in
	core|interop) echo '^gnutls_hash(_fast|_init|_deinit)?$' ;;
	*) echo '^$' ;;
	esac
}

# syms LAYER OBJECT...: prints each banned symbol the objects call
syms() {
	layer=$1
	shift
	nm -u "$@" 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u |
	    grep -E "$(banned_syms "$layer")" | grep -vE "$(allowed_syms "$layer")" |
	    sed "s|^|$layer calls |"
}

# the objects of LAYER in BUILD
objects() {
	case $1 in
	cmd) find "$2" -path '*/hotline.p/*.o' ;;
	*) echo "$2/src/$1/libhl_$1.a" ;;
	esac
}

tmpd=$(mktemp -d) || exit 2
trap 'rm -rf "$tmpd"' EXIT

if [ "${1:-}" != --prove ]; then
	check "${1:?source root}"
	exit $?
fi
src=${2:?source root}
build=${3:?build directory}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }

if out=$(check "$src"); then ok; else no "the tree breaks the rule:"; echo "$out"; fi
for layer in core node evidence interop serve cmd; do
	o=$(objects $layer "$build")
	if [ -z "$o" ] || ! [ -f "$(printf '%s\n' "$o" | sed -n 1p)" ]; then
		no "no objects of src/$layer in $build"
	elif out=$(syms $layer $o) && [ -n "$out" ]; then
		no "the objects break the rule:"; echo "$out"
	else
		ok
	fi
done

# A scratch copy of src/ that each case breaks in one place.
copy=$tmpd/tree
mkdir -p "$copy" && cp -R "$src/src" "$copy/" || exit 2
cc_of() {	# the build's own command for source file $1 (relative)
	python3 - "$build/compile_commands.json" "$1" <<'EOF'
import json, sys
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("/" + sys.argv[2]) or e["file"] == sys.argv[2]:
        print(e["directory"]); print(e["command"]); break
EOF
}

# compile FILE: the build's own command for FILE, run on the copy's FILE
# (the same flags and include directories), into $tmpd/probe.o
compile() {
	cmd=$(cc_of "$1")
	[ -n "$cmd" ] || { echo "no compiler command for $1 in $build" > "$tmpd/cc.out"; return 1; }
	dir=$(printf '%s\n' "$cmd" | sed -n 1p)
	c=$(printf '%s\n' "$cmd" | sed -n 2p | sed -E "s# -fdiagnostics-color=always##; s# -o [^ ]+# -o $tmpd/probe.o#; s# -MD -MQ [^ ]+ -MF [^ ]+##; s# -c [^ ]+\$# -c $copy/$1#")
	rm -f "$tmpd/probe.o"
	(cd "$dir" && eval "$c") > "$tmpd/cc.out" 2>&1
}

# calls FILE LAYER CODE SYMBOL: FILE with CODE appended compiles, and the
# symbol check on its object names SYMBOL
calls() {
	file=$1 layer=$2 code=$3 sym=$4
	cp "$copy/$file" "$tmpd/saved"
	printf '%s\n' "$code" >> "$copy/$file"
	if ! compile "$file"; then
		no "$file with '$code' does not compile:"; cat "$tmpd/cc.out"
	elif syms "$layer" "$tmpd/probe.o" | grep -qx "$layer calls $sym"; then
		ok
	else
		no "$file calling $sym passes the symbol check"
	fi
	cp "$tmpd/saved" "$copy/$file"
}

# breaks FILE (relative to the tree) with LINE; expects the check to name
# it with WANT, and (compile=1) the real compiler command to refuse it
breaks() {
	file=$1 line=$2 want=$3 compile=$4
	cp "$copy/$file" "$tmpd/saved"
	printf '%s\n' "$line" | cat - "$tmpd/saved" > "$copy/$file"
	layer=${file#src/}
	layer=${layer%%/*}
	if out=$(check "$copy" "$layer"); then
		no "$file with '$line' passes the check"
	elif printf '%s\n' "$out" | grep -qF "$file:1: $want"; then
		ok
	else
		no "$file with '$line': the check says"; echo "$out"
	fi
	if [ "$compile" = 1 ]; then
		# the header named, for the compiler's complaint
		h=$(printf '%s\n' "$line" | sed -E 's/.*"([^"]+)".*/\1/')
		cp "$copy/$file" "$tmpd/broken"
		cp "$tmpd/saved" "$copy/$file"
		if ! compile "$file"; then
			no "$file does not compile unbroken in the copy:"
			cat "$tmpd/cc.out"
		fi
		cp "$tmpd/broken" "$copy/$file"
		if compile "$file"; then
			no "the build compiles $file with '$line'"
		elif grep -q "$h: No such file" "$tmpd/cc.out"; then
			ok
		else
			no "$file with '$line' fails to build, but not for the include:"
			cat "$tmpd/cc.out"
		fi
	fi
	cp "$tmpd/saved" "$copy/$file"
}

breaks src/core/jcs.c '#include "store.h"' \
    'includes "store.h" from src/node' 1
breaks src/core/jcs.c '#include "node.h"' \
    'includes "node.h" from src/node' 1
breaks src/core/jcs.c '#include "origins.h"' \
    'includes "origins.h" from src/evidence' 1
breaks src/core/jcs.c '#include "http.h"' \
    'includes "http.h" from src/serve' 1
breaks src/core/jcs.c '#include "cli.h"' \
    'includes "cli.h" from src/cmd' 1
breaks src/core/jcs.c '#include <sqlite3.h>' \
    'includes <sqlite3.h>: not in src/core' 0
breaks src/core/jcs.c '#include <curl/curl.h>' \
    'includes <curl/curl.h>: not in src/core' 0
breaks src/core/jcs.c '#include <microhttpd.h>' \
    'includes <microhttpd.h>: not in src/core' 0
breaks src/core/jcs.c '#include <gnutls/gnutls.h>' \
    'includes <gnutls/gnutls.h>: not in src/core' 0
breaks src/core/jcs.c '#include <sys/socket.h>' \
    'includes <sys/socket.h>: not in src/core' 0
breaks src/evidence/origins.c '#include "node.h"' \
    'includes "node.h" from src/node' 1
breaks src/evidence/origins.c '#include "worker.h"' \
    'includes "worker.h" from src/serve' 1
breaks src/evidence/origins.c '#include <sqlite3.h>' \
    'includes <sqlite3.h>: not in src/evidence' 0
breaks src/node/node.c '#include "http.h"' \
    'includes "http.h" from src/serve' 1
breaks src/node/node.c '#include "origins.h"' \
    'includes "origins.h" from src/evidence' 1
breaks src/serve/http.c '#include "cli.h"' \
    'includes "cli.h" from src/cmd' 1
breaks src/cmd/cmd_id.c 'static int x(void) { return store_open(0); }' \
    'calls store_open(): src/cmd never touches the store' 0
breaks src/serve/worker.c 'static int x(void) { return store_open(0); }' \
    'calls store_open(): src/serve never touches the store' 0

breaks src/core/jcs.c '#include "../node/store.h"' \
    'includes "../node/store.h": a path' 0
breaks src/evidence/origins.c '#include "../node/node.h"' \
    'includes "../node/node.h": a path' 0

# What text cannot see: calls through headers that are allowed.
calls src/core/jcs.c core \
    '#include <netinet/in.h>
int probe_net(void); int probe_net(void) { return socket(AF_INET, SOCK_STREAM, 0); }' socket
calls src/core/jcs.c core \
    '#include <gnutls/crypto.h>
int probe_tls(void); int probe_tls(void) { gnutls_session_t s; return gnutls_init(&s, GNUTLS_CLIENT); }' gnutls_init
calls src/core/jcs.c core \
    'int store_begin(void *); int probe_up(void); int probe_up(void) { return store_begin(0); }' store_begin
calls src/evidence/origins.c evidence \
    'int node_peer_get(void *, const char *, void *); int probe_up(void); int probe_up(void) { return node_peer_get(0, 0, 0); }' node_peer_get
calls src/serve/worker.c serve \
    'int probe_up(void); int probe_up(void) { int (*f)(struct store *) = store_begin; return f(0); }' store_begin

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
