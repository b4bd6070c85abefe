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
	python3-jsonschema libxml2-utils iproute2" ;;
# bench_match runs grep -F -w and rg -F -w beside hotline match.
bench) pkgs="$pkgs grep ripgrep" ;;
fuzz) pkgs="$pkgs clang" ;;
*) echo "setup.sh: unknown target '$what' (build, check, bench or fuzz)" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

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
