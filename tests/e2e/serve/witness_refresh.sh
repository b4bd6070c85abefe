#!/bin/sh
# bb is asked to cosign aa's unchanged head again after cosign_refresh.
. "$(dirname "$0")/serve.sh"

fixture_pair
printf 'cosign_refresh = 1s\n' >>"$T/aa/hotline.conf"
start aa
start bb
query_cosigned
s0=$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')
cosig_time() {
	sql "$T/aa" "SELECT time FROM cosignatures WHERE cosigner = 'cert.bb' AND size = $s0"
}
t0=$(cosig_time)
refreshed() { [ "$(cosig_time)" -gt "$t0" ]; }
wait_for "bb cosigns aa's unchanged head again" refreshed
check "the head did not change" [ "$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')" = "$s0" ]
check "the refresh is logged" [ "$(grep -c "cosigned peer=cert.bb size=$s0\$" "$T/aa.log")" -ge 2 ]
finish
