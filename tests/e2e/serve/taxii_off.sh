#!/bin/sh
# taxii_listen unset: the daemon listens on listen alone, and a TAXII
# client finds nothing; set to listen's own address, the config is
# refused before anything starts.
. "$(dirname "$0")/taxii_lib.sh"

fixture_pair
start aa
# listening: how many sockets aa's daemon listens on (its network
# process does: the signer, the process started, listens on none).
listening() {
	p=$(cat /proc/"$PID_aa"/task/*/children | tr -d ' ')
	ss -Hltnp 2>/dev/null | grep -c "pid=$p,"
}
check "one listening socket: the peers'" [ "$(listening)" = 1 ]
check "it is listen's" [ "$(ss -Hltnp | grep "pid=$(cat /proc/"$PID_aa"/task/*/children | tr -d ' ')," | awk '{print $4}')" = "127.0.0.1:$PORT_aa" ]
check "no TAXII line in the log" [ "$(grep -c 'serving TAXII' "$T/aa.log")" = 0 ]
expect "serve -n names listen alone" 0 "configuration ok: cert.aa (AA, cert) listens on 127.0.0.1:$PORT_aa" '' -- \
    serve -n --dir "$T/aa"
stop aa

# Now with it: two sockets, and the TAXII port answers 401.
TPORT=$(free_port)
printf 'taxii_listen = 127.0.0.1:%s\n' "$TPORT" >>"$T/aa/hotline.conf"
expect "serve -n names both" 0 "configuration ok: cert.aa (AA, cert) listens on 127.0.0.1:$PORT_aa, TAXII on 127.0.0.1:$TPORT" '' -- \
    serve -n --dir "$T/aa"
start aa
check "two listening sockets" [ "$(listening)" = 2 ]
AA_PIN=$(json 'd["tls_pin"]' <"$T/aa.card")
tx /taxii2/
check "the TAXII port answers: 401" [ "$status" = 401 ]
stop aa

# taxii_listen as listen: refused by serve -n and by serve.
sed -e "s|^taxii_listen = .*|taxii_listen = 127.0.0.1:$PORT_aa|" \
    "$T/aa/hotline.conf" >"$T/conf" && cat "$T/conf" >"$T/aa/hotline.conf"
line=$(grep -n '^taxii_listen' "$T/aa/hotline.conf" | cut -d: -f1)
msg="hotline serve: $T/aa/hotline.conf: line $line: taxii_listen is listen's address (127.0.0.1:$PORT_aa); TAXII needs one of its own"
expect "serve -n: the same address refused" 1 '' "$msg" -- serve -n --dir "$T/aa"
expect "serve: refused" 1 '' "$msg" -- serve --dir "$T/aa"
finish
