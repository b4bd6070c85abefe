#!/bin/sh
# What is not a bundle: a truncated one, a card.
. "$(dirname "$0")/story.sh"

story
head -c 1000 "$T/aa.bundle" >"$T/bad"
refused "a truncated bundle" "not JSON"
expect "not a bundle" 1 '' "hotline verify: $T/aa.card: not a hotline bundle (v 1)" -- verify "$T/aa.card"
finish
