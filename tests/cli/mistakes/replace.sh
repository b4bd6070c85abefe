#!/bin/sh
# --replace shows the key it replaces and the new one; again, it is
# already pinned.
. "$(dirname "$0")/mistakes.sh"

key_of() { sql "$A" "SELECT vkey || ' tls_pin ' || tls_pin FROM peers WHERE party = 'cert.bb'"; }
old=$(key_of)
B2=$T/bb2
"$HOTLINE" init --party cert.bb --state BB --tier cert --dir "$B2" >/dev/null || bad "init bb2"
"$HOTLINE" id --dir "$B2" >"$T/bb2.card"
new=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["key"], "tls_pin", c["tls_pin"])' "$T/bb2.card")
expect "--replace: both keys" 0 "replaced cert.bb (BB, cert)
  old key $old
  new key $new" '' -- peer add --replace --dir "$A" "$T/bb2.card"
check "the new card is pinned" [ "$(key_of)" = "$new" ]
expect "again: already pinned" 0 "already pinned cert.bb (BB, cert) key ${new% tls_pin *}" '' \
    -- peer add --replace --dir "$A" "$T/bb2.card"
finish
