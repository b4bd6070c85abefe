# Sourced by each case of this folder: hotline origins on small fixture
# logs with small MaxMind DB files (tests/origins/, written by
# make_mmdb.pl), and the helpers that spell its output.
. "$(dirname "$0")/../lib.sh"

O=$VECTORS/../origins
GEO=$O/country.mmdb
sha() { sha256sum "$1" | cut -c1-64; }
size() { wc -c <"$1" | tr -d ' '; }
# warn FILE LINE REASON N: the line on stderr that points at a fault.
warn() {
	printf 'hotline origins: %s:%s: %s (%s line%s)' "$1" "$2" "$3" "$4" "$([ "$4" = 1 ] || echo s)"
}
tail_of() {
	printf 'input     %s (%s, %s bytes, sha256 %s)\n' "$1" "$2" "$(size "$1")" "$(sha "$1")"
	printf 'database  %s (Hotline-Test-Country, sha256 %s)\n' "$GEO" "$(sha "$GEO")"
	printf 'hotline   0.1.0'
}
