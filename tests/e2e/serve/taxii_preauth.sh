#!/bin/sh
# A client still unknown to the TAXII listener may answer the 401's
# challenge on the same connection, but asking again and again without
# credentials does not keep a pre-auth slot: the connection ends within
# its first HL_HTTP_PREAUTH_MS (5 s), while a client that answers is
# served on.
. "$(dirname "$0")/taxii_lib.sh"

taxii_pair
start aa
taxii_user misp amber 'amber pass phrase'

# ask N CREDS: one TLS connection sending up to N requests a second
# apart, with Basic CREDS or none (""); prints the statuses it got back,
# then "closed" if the server ended the connection first.
ask() {
	python3 - "$TPORT" "$1" "$2" <<'PY'
import base64, socket, ssl, sys, time
port, n, creds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)))
auth = ""
if creds:
    auth = "Authorization: Basic " + base64.b64encode(creds.encode()).decode() + "\r\n"
req = ("GET /taxii2/ HTTP/1.1\r\nHost: a\r\nAccept: application/taxii+json;version=2.1\r\n" +
       auth + "\r\n").encode()
out = []
f = s.makefile("rb")
for i in range(n):
    try:
        s.sendall(req)
        line = f.readline()
        if not line:
            out.append("closed")
            break
        out.append(line.split()[1].decode())
        length = 0
        while True:
            h = f.readline()
            if h in (b"\r\n", b""):
                break
            if h.lower().startswith(b"content-length:"):
                length = int(h.split(b":")[1])
        f.read(length)
    except (OSError, ssl.SSLError):
        out.append("closed")
        break
    time.sleep(1)
print(" ".join(out))
PY
}

r=$(ask 12 "")
check "no credentials, a request a second: 401s, then closed" [ "${r##* }" = closed ]
n=$(printf '%s\n' "$r" | tr ' ' '\n' | grep -c 401)
check "no credentials: answered, then ended by the server" [ "$n" -ge 1 -a "$n" -lt 12 ]
check "no credentials: only 401s" [ "$(printf '%s\n' "$r" | tr ' ' '\n' | grep -vc -e 401 -e closed)" = 0 ]
r=$(ask 8 "misp:amber pass phrase")
check "with credentials: served on, 8 times" [ "$r" = "200 200 200 200 200 200 200 200" ]
check "with credentials: checked once" [ "$(auths misp)" = 1 ]
finish
