#!/bin/sh
# A tampered config names its line; a key readable by others is
# refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

fixture aa
A=$T/aa
cp "$A/hotline.conf" "$T/conf.bak"
printf 'colour = red\n' >>"$A/hotline.conf"
expect "config unknown key" 1 '' \
    "hotline id: $A/hotline.conf: line 7: unknown key 'colour'" -- id --dir "$A"
cp "$T/conf.bak" "$A/hotline.conf"
chmod 644 "$A/msg.key"
expect "key readable by others" 1 '' \
    "hotline id: $A/msg.key: readable by others (mode 644); run chmod 600" \
    -- id --dir "$A"
chmod 600 "$A/msg.key"
finish
