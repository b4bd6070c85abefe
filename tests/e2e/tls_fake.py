# A TLS server that speaks only an old version or a weak suite, with a
# node's own key (so the client's pin matches). Each connection's
# handshake result and the bytes of HTTP it received are appended to LOG:
# "handshake ok TLSv1.2 ECDHE-ECDSA-AES128-SHA" / "request N bytes".
# usage: tls_fake.py PORT CERT KEY LOG tls1|cbc
import socket, ssl, sys

port, cert, key, log, kind = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
if kind == "tls1":
    ctx.set_ciphers("DEFAULT@SECLEVEL=0")
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.maximum_version = ssl.TLSVersion.TLSv1
else:
    ctx.set_ciphers("ECDHE-ECDSA-AES128-SHA")
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port))
ls.listen(8)
while True:
    c, _ = ls.accept()
    c.settimeout(3)
    with open(log, "a") as f:
        try:
            s = ctx.wrap_socket(c, server_side=True)
            f.write("handshake ok %s %s\n" % (s.version(), s.cipher()[0]))
            f.flush()
            n = 0
            try:
                while True:
                    b = s.recv(65536)
                    if not b:
                        break
                    n += len(b)
            except (OSError, ssl.SSLError):
                pass
            f.write("request %d bytes\n" % n)
        except (OSError, ssl.SSLError) as e:
            f.write("handshake failed %s\n" % type(e).__name__)
    c.close()
