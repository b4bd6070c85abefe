#!/bin/sh
# Each daemon gets its log witnessed by the other.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
query_cosigned
wait_for "bb's head cosigned by aa" cosigned bb aa
check "bb witnessed aa's log" [ "$(sql "$T/bb" "SELECT origin FROM witnessed")" = hotline/cert.aa ]
run status --json --dir "$T/aa"
check "status names the cosigner" [ "$(printf '%s' "$out" | json 'd["log"]["cosigners"]')" = "['cert.bb']" ]
finish
