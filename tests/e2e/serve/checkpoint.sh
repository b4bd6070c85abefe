#!/bin/sh
# Checkpoints and inclusion proofs over the wire; an unknown endpoint.
. "$(dirname "$0")/serve.sh"

fixture_pair
start aa
start bb
for q in first second; do
	printf '{"summary":"%s"}' "$q" >"$T/q.json"
	"$HOTLINE" send --dir "$T/aa" --to cert.bb --type query --body "$T/q.json" >/dev/null
done
wait_for "delivery" delivered aa 2
auth
# shellcheck disable=SC2086
wire bb /v1/checkpoint $AUTH
check "checkpoint" [ "$(printf '%s\n' "$body" | head -2 | tr '\n' ' ')" = \
    "hotline/cert.bb $(sql "$T/bb" 'SELECT max(size) FROM checkpoints') " ]
# shellcheck disable=SC2086
wire bb '/v1/proof/inclusion?index=1' $AUTH
printf '%s\n' "$body" >"$T/p1"
"$HOTLINE" log leaf 1 --dir "$T/bb" | tr -d '\n' >"$T/leaf1"
VB=$(json 'd["key"]' <"$T/bb.card")
expect "a proof fetched over the wire verifies" 0 '*' '' -- proof verify --key "$VB" --leaf "$T/leaf1" "$T/p1"
# shellcheck disable=SC2086
wire bb /v1/nothing $AUTH
check "unknown endpoint: 404" [ "$status" = 404 ]
finish
