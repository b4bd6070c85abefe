#!/bin/sh
# accept refuses what is not an object, and what is over the limit,
# before reading all of it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa
A=$T/aa
printf '[]' >"$T/arr.json"
expect "accept an array" 1 '' \
    "hotline accept: $T/arr.json: an envelope must be a JSON object" \
    -- accept --dir "$A" "$T/arr.json"
head -c 1048577 /dev/zero | tr '\0' ' ' >"$T/huge.json"
expect "accept oversize" 1 '' \
    "hotline accept: $T/huge.json: envelope of 1048577 bytes is over the limit of 1048576" \
    -- accept --dir "$A" "$T/huge.json"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$T/huger.json"
expect "accept far oversize" 1 '' \
    "hotline accept: $T/huger.json: larger than 1048577 bytes" \
    -- accept --dir "$A" "$T/huger.json"
finish
