#!/bin/sh
# A card given for bb that is not bb's: bb's receipts cannot be trusted.
. "$(dirname "$0")/story.sh"

story
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$T/impostor" >/dev/null || bad "impostor"
"$HOTLINE" id --dir "$T/impostor" >"$T/impostor.card"
expect "an impostor's card" 1 '' \
    "hotline verify: $T/aa.bundle: cards[1]: cert.bb's key is not the one in the card given for it" \
    -- verify --card "$T/aa.card" --card "$T/impostor.card" "$T/aa.bundle"
finish
