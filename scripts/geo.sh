#!/bin/sh
# Fetches the default country database of `hotline origins`:
# ip-location-db's geo-whois-asn-country (CC BY 4.0; countries from the
# regional registries' whois data and ASN data), from the npm registry,
# checked against the registry's sha512, into the data directory's geo/
# ($1, else $HOTLINE_DIR, else ~/.hotline). Does nothing if it is there
# (FORCE=1 fetches again); without network it says so and leaves
# `hotline origins` asking for --geo.
#
#   scripts/geo.sh [DIR]
set -eu

base=${1:-${HOTLINE_DIR:-$HOME/.hotline}}
dir=$base/geo
meta_url=https://registry.npmjs.org/@ip-location-db%2fgeo-whois-asn-country-mmdb/latest
db=geo-whois-asn-country.mmdb

[ -f "$dir/country.mmdb" ] && [ "${FORCE:-}" != 1 ] && exit 0
skip() {
	echo "geo.sh: $*; no default country database (give origins --geo)" >&2
	exit 0
}
command -v curl >/dev/null 2>&1 || skip "no curl"
meta=$(curl -sSf --max-time 30 "$meta_url" 2>/dev/null) || skip "the npm registry did not answer"
url=$(printf '%s' "$meta" | sed -n 's/.*"tarball": *"\([^"]*\)".*/\1/p')
sri=$(printf '%s' "$meta" | sed -n 's/.*"integrity": *"sha512-\([^"]*\)".*/\1/p')
version=$(printf '%s' "$meta" | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' | head -1)
[ -n "$url" ] && [ -n "$sri" ] || skip "the registry's answer has no tarball or integrity"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -sSf --max-time 300 -o "$tmp/pkg.tgz" "$url" || skip "cannot download $url"
want=$(printf '%s' "$sri" | base64 -d | od -An -v -tx1 | tr -d ' \n')
got=$(sha512sum "$tmp/pkg.tgz" | cut -d' ' -f1)
if [ "$want" != "$got" ]; then
	echo "geo.sh: $url does not match the registry's sha512; not installed" >&2
	exit 1
fi
tar xzf "$tmp/pkg.tgz" -C "$tmp" "package/$db" package/README.md
# The data directory is a node's secret (0700; hotline init keeps it so):
# made so here too if this is the first to make it.
[ -d "$base" ] || mkdir -p -m 700 "$base"
mkdir -p "$dir"
cp "$tmp/package/README.md" "$dir/README.ip-location-db.md"
cat >"$dir/SOURCE" <<SRC
country.mmdb: $db from the npm package
@ip-location-db/geo-whois-asn-country-mmdb@$version
$url
sha512-$sri
Licence: CC BY 4.0 (see README.ip-location-db.md); fetched by scripts/geo.sh
SRC
mv "$tmp/package/$db" "$dir/country.mmdb"
echo "geo.sh: $dir/country.mmdb (geo-whois-asn-country $version)"
