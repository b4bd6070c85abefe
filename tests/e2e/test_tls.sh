#!/bin/sh
# TLS versions and suites, both ways: the server speaks TLS 1.3 and 1.2
# with AEAD suites only; the client delivers to nothing older or weaker,
# and says so in its log.
. "$(dirname "$0")/lib.sh"

node aa AA
node bb BB
pin aa bb
start bb

# s_client VERSION CIPHER: a handshake with aa's certificate and a ping;
# leaves the client's output in $T/sc.
s_client() {
	printf 'GET /v1/ping HTTP/1.1\r\nHost: bb\r\nConnection: close\r\n\r\n' |
	    openssl s_client -connect "127.0.0.1:$PORT_bb" -cert "$T/aa/tls.crt" \
	    -key "$T/aa/tls.key" -ign_eof "$@" >"$T/sc" 2>&1
}
# refused: the client reached the server and offered its hello (so not a
# server that is down, nor a local OpenSSL that would not offer it), and
# the server ended the handshake: no session, no answer.
refused() {
	grep -q '^CONNECTED(' "$T/sc" &&
	    grep -Eq 'unexpected eof while reading|alert' "$T/sc" &&
	    ! grep -q '^HTTP/1.1 200' "$T/sc" &&
	    ! grep -q '^New, TLSv1\.[0-3]' "$T/sc"
}

s_client -tls1 -cipher 'DEFAULT@SECLEVEL=0'
check "the server refuses TLS 1.0" refused
s_client -tls1_1 -cipher 'DEFAULT@SECLEVEL=0'
check "the server refuses TLS 1.1" refused
s_client -tls1_2 -cipher 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA256@SECLEVEL=0'
check "the server refuses TLS 1.2 with CBC suites" refused
s_client -tls1_2 -cipher 'ECDHE-ECDSA-AES128-GCM-SHA256'
check "TLS 1.2 with AES-GCM: answered" grep -q '^HTTP/1.1 200 OK' "$T/sc"
check "TLS 1.2 with AES-GCM: negotiated" grep -q '^New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256' "$T/sc"
s_client -tls1_2 -cipher 'ECDHE-ECDSA-CHACHA20-POLY1305'
check "TLS 1.2 with ChaCha20-Poly1305: answered" grep -q '^HTTP/1.1 200 OK' "$T/sc"
s_client
check "by default, TLS 1.3: answered" grep -q '^HTTP/1.1 200 OK' "$T/sc"
check "by default, TLS 1.3: negotiated" grep -q '^New, TLSv1.3, Cipher is TLS_' "$T/sc"
s_client -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256
check "TLS 1.3 with ChaCha20: answered" grep -q '^HTTP/1.1 200 OK' "$T/sc"

# bb's address answered by a python TLS server with bb's own key (so the
# pin matches): first TLS 1.0 only, then TLS 1.2 with a CBC suite only.
stop bb
ssh_request "$T/req.json"
id=$("$HOTLINE" send --dir "$T/aa" --to cert.bb --type request --body "$T/req.json")
fake() {
	: >"$T/fake.log"
	python3 -W ignore "$(dirname "$0")/tls_fake.py" "$PORT_bb" "$T/bb/tls.crt" \
	    "$T/bb/tls.key" "$T/fake.log" "$1" 2>>"$T/fake.err" &
	FAKE=$!
	PIDS="$PIDS $FAKE"
	wait_for "the fake server" sh -c "python3 -c 'import socket; \
	    socket.create_connection((\"127.0.0.1\", $PORT_bb)).close()'"
	: >"$T/fake.log"
}
unfake() {
	stop aa
	kill "$FAKE" 2>/dev/null
	wait "$FAKE" 2>/dev/null
}
# warned TEXT: aa's log says TEXT about not delivering to bb.
warned() {
	grep -q "not delivered peer=cert.bb seq=1: $1" "$T/aa.log"
}
fake tls1
start aa
wait_for "aa's failure against TLS 1.0" warned '.*'
wait_for "the fake server's record of it" grep -q 'handshake' "$T/fake.log"
unfake
check "nothing delivered to a TLS 1.0 server" [ "$(sql "$T/aa" \
    "SELECT state FROM messages WHERE id = '$id'")" = queued ]
check "no TLS 1.0 handshake completed" sh -c "! grep -q 'handshake ok' '$T/fake.log'"
check "TLS 1.0 handshakes failed" grep -q 'handshake failed' "$T/fake.log"
: >"$T/aa.log"
fake cbc
start aa
wait_for "aa's refusal of a CBC suite" warned "the peer's TLS is TLS1.2 with AES-128-CBC: TLS 1.2 or 1.3 with an AEAD suite is required"
wait_for "the fake server's record of it" grep -q 'request' "$T/fake.log"
unfake
check "nothing delivered to a CBC server" [ "$(sql "$T/aa" \
    "SELECT state FROM messages WHERE id = '$id'")" = queued ]
check "the CBC handshake completed" grep -q 'handshake ok TLSv1.2 ECDHE-ECDSA-AES128-SHA' "$T/fake.log"
check "but not a byte of a request followed" sh -c "grep '^request' '$T/fake.log' | grep -qv '^request 0 bytes' && exit 1; exit 0"

# The real bb again: the message goes.
start bb
start aa
wait_for "delivery to the real bb" delivered aa 1
check "bb has it" [ "$(sql "$T/bb" "SELECT id FROM messages")" = "$id" ]
stop aa
stop bb
finish
