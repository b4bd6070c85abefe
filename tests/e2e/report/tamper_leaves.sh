#!/bin/sh
# A leaf changed, dropped or duplicated in a bundle: refused, since the
# leaves no longer make the signed head.
. "$(dirname "$0")/story.sh"

story
N=$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')
tamper 'b["leaves"][0] = b["leaves"][0].replace(b["leaves"][0][7:11], "1999")'
refused "a time in a leaf" "checkpoints: the $N leaves given do not make the root of checkpoint $N: a leaf was changed, dropped, added or moved"
tamper 'del b["leaves"][3]'
refused "a dropped leaf" "leaves: must hold the $N leaves of the head checkpoint, holds $((N - 1))"
tamper 'b["leaves"][2] = b["leaves"][1]'
refused "a duplicated leaf" "checkpoints: the $N leaves given do not make the root of checkpoint $N: a leaf was changed, dropped, added or moved"
finish
