#!/bin/sh
# A data directory reached through a symbolic link (a linked /home):
# used, and init makes the node where the link points.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa
ln -s "$T/aa" "$T/aa-link"
expect "status through a linked data directory" 0 '*' '' \
    -- status --dir "$T/aa-link"
mkdir -m 700 "$T/real-new"
ln -s "$T/real-new" "$T/new-link"
expect "init into a linked directory" 0 '*' '' -- init --party cert.nn \
    --state NN --tier cert --dir "$T/new-link"
check "the node is where the link points" [ -f "$T/real-new/hotline.db" ]
finish
