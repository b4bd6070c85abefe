#!/bin/sh
# Makes the fixture cache (fixture.sh) afresh: mkfixture.sh HOTLINE DIR
# STAMP. Built into a temporary folder and renamed, so a cache is whole
# or absent.
set -u
HOTLINE=$1
. "$(dirname "$0")/fixture.sh"
rm -rf "$2.tmp" "$2"
fixture_make "$2.tmp" || exit 1
mv "$2.tmp" "$2" && touch "$3"
