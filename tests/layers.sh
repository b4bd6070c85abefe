#!/bin/sh
# The layering rule (docs/DECISIONS.md, "Layers"), checked on a source tree:
#
#   src/core      its own headers only; no SQLite, libcurl, libmicrohttpd,
#                 GnuTLS sessions or certificates, sockets, zlib or
#                 libmaxminddb
#   src/node      core and itself; no libcurl, libmicrohttpd, zlib or
#                 libmaxminddb
#   src/evidence  core and itself; no SQLite, network or TLS sessions
#   src/serve     core, node and itself; no zlib or libmaxminddb
#   src/cmd       any layer, but never the store: no store_* call
#   src/serve     never the store either
#
# The build enforces the local headers already (each layer's library is
# given only its own include directories and those below); this names the
# file and line, and catches what include directories cannot: system
# headers, which every layer can reach, and calls into the store through
# node.h.
#
#   layers.sh SRC          check SRC; exit 1 naming each breach
#   layers.sh --prove SRC BUILD
#                          check SRC, then break each rule in a scratch
#                          copy and show that this check, and for a local
#                          header the real build's compiler command, refuse it
set -u

# allowed local-header folders and banned system headers, per layer
allowed() {
	case $1 in
	core) echo "core" ;;
	node) echo "core node" ;;
	evidence) echo "core evidence" ;;
	serve) echo "core node serve" ;;
	cmd) echo "core node evidence serve cmd" ;;
	esac
}
banned() {
	net='curl/|microhttpd\.h|sys/socket\.h|netdb\.h'
	tls='gnutls/(gnutls|x509|abstract|socket)\.h'
	case $1 in
	core) echo "sqlite3\.h|$net|$tls|zlib\.h|maxminddb\.h" ;;
	node) echo "$net|zlib\.h|maxminddb\.h" ;;
	evidence) echo "sqlite3\.h|curl/|microhttpd\.h|$tls" ;;
	serve) echo "zlib\.h|maxminddb\.h" ;;
	cmd) echo "sqlite3\.h|microhttpd\.h" ;;
	esac
}

# check ROOT [LAYER]: prints each breach (of LAYER's files only, if
# given), returns 1 if any
check() {
	root=$1
	bad=0
	for layer in ${2:-core node evidence serve cmd}; do
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
				found=
				for l in $ok; do
					[ -f "$root/src/$l/$h" ] && found=$l
				done
				[ -n "$found" ] && continue
				[ "$layer" = cmd ] && [ "$h" = hl_version.h ] && continue
				owner=
				for l in core node evidence serve cmd; do
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
		cmd=$(cc_of "$file")
		if [ -z "$cmd" ]; then
			no "no compiler command for $file in $build"
		else
			dir=$(printf '%s\n' "$cmd" | sed -n 1p)
			c=$(printf '%s\n' "$cmd" | sed -n 2p)
			# the same flags and include directories, on the broken copy
			c=$(printf '%s\n' "$c" | sed -E "s# -o [^ ]+# -o $tmpd/probe.o#; s# -MD -MQ [^ ]+ -MF [^ ]+##; s# -c [^ ]+\$# -c $copy/$file#")
			if (cd "$dir" && eval "$c") > "$tmpd/cc.out" 2>&1; then
				no "the build compiles $file with '$line'"
			elif grep -q 'No such file' "$tmpd/cc.out"; then
				ok
			else
				no "$file with '$line' fails to build, but not for the include:"
				cat "$tmpd/cc.out"
			fi
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
