#!/bin/sh
# Installs the Debian packages hotline needs to build, test, demo, bench or
# fuzz, and nothing else. Runs as root or through sudo; does nothing when
# everything is already there, so every make target can call it cheaply.
#
#   scripts/setup.sh [build|check|bench|fuzz]
set -eu

what=${1:-build}

pkgs="gcc libc6-dev make pkg-config meson ninja-build
      libsodium-dev libsqlite3-dev libjansson-dev libgnutls28-dev
      libcurl4-gnutls-dev libmaxminddb-dev zlib1g-dev libxml2-dev
      curl ca-certificates"
case "$what" in
build) ;;
# The interop tests run ../shared/interop's validators on every export;
# the TAXII listener's test counts the daemon's sockets with ss.
check) pkgs="$pkgs libcmocka-dev sqlite3 python3 curl openssl mmdb-bin
	python3-jsonschema libxml2-utils iproute2 chromium"
	# The console's browser test drives chromium with playwright-core
	# (npm, below); Debian's nodejs and npm only where there is no node.
	command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
	command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm" ;;
# bench_match runs grep -F -w and rg -F -w beside hotline match.
bench) pkgs="$pkgs grep ripgrep" ;;
fuzz) pkgs="$pkgs clang" ;;
*) echo "setup.sh: unknown target '$what' (build, check, bench or fuzz)" >&2; exit 2 ;;
esac

# browser_deps: playwright-core into tests/browser/node_modules (git-ignored)
# at the version tests/browser/package.json pins, from its lock file;
# nothing when it is there already. The test never installs it itself.
browser_deps() {
	[ "$what" = check ] || return 0
	dir=$(cd "$(dirname "$0")/../tests/browser" && pwd)
	want=$(sed -n 's/.*"playwright-core": *"\([^"]*\)".*/\1/p' "$dir/package.json")
	have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
	    "$dir/node_modules/playwright-core/package.json" 2>/dev/null | head -n 1)
	[ -n "$want" ] && [ "$want" = "$have" ] && return 0
	echo "setup.sh: npm ci in $dir (playwright-core $want)" >&2
	# The registry out of reach costs the browser test, which then says
	# so and is skipped, not every other test.
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
	    echo "setup.sh: WARNING: npm ci failed: no playwright-core; the" \
	        "console's browser test will be skipped" >&2
}

missing=
for p in $pkgs; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	browser_deps
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup.sh: missing packages:$missing" >&2
	echo "setup.sh: no apt-get here; install them by hand" >&2
	exit 1
fi
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "setup.sh: need root or sudo to install:$missing" >&2
		exit 1
	}
	sudo=sudo
fi
echo "setup.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
browser_deps
