#!/usr/bin/env python3
"""A receiver that lies: a TLS proxy in front of a real node.

Usage: liar.py LISTEN_PORT CERT KEY UPSTREAM_PORT CLIENT_CERT CLIENT_KEY
       COUNT_FILE MODE_FILE

Serves TLS with the real node's certificate (so the sender's pin holds)
and forwards each request to the node at 127.0.0.1:UPSTREAM_PORT with
the sender's client certificate. While MODE_FILE holds "lie", every
POST /v1/messages is answered 200 with one line: a seq-gap problem
naming expected_seq 1, whatever was sent. COUNT_FILE gets the number of
POSTs to /v1/messages seen, rewritten after each. Stops after 120 s.
"""
import http.client
import socket
import ssl
import sys
import threading
import time

port, cert, key, up, ccert, ckey, count_file, mode_file = sys.argv[1:9]
posts = 0
lock = threading.Lock()
GAP = (b'{"detail":"expected seq 1","expected_seq":1,"status":409,'
       b'"title":"sequence number gap","type":"urn:hotline:problem:seq-gap"}\n')


def read_request(f):
    line = f.readline()
    if not line:
        return None
    method, path, _ = line.decode().split(" ", 2)
    headers = {}
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        k, v = h.decode().split(":", 1)
        headers[k.strip().lower()] = v.strip()
    body = f.read(int(headers.get("content-length", "0")))
    return method, path, headers, body


def serve(conn):
    global posts
    f = conn.makefile("rb")
    while True:
        req = read_request(f)
        if req is None:
            return
        method, path, headers, body = req
        lie = open(mode_file).read().strip() == "lie"
        if method == "POST" and path == "/v1/messages":
            with lock:
                posts += 1
                open(count_file, "w").write("%d\n" % posts)
        if lie and method == "POST" and path == "/v1/messages":
            status, ctype, answer = 200, "application/x-ndjson", GAP
        else:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            ctx.load_cert_chain(ccert, ckey)
            c = http.client.HTTPSConnection("127.0.0.1", int(up), context=ctx,
                                            timeout=20)
            c.request(method, path, body=body if method == "POST" else None,
                      headers={"Content-Type": headers.get("content-type",
                                                           "text/plain")})
            r = c.getresponse()
            status, ctype, answer = r.status, r.getheader("Content-Type"), r.read()
            c.close()
        conn.sendall(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d"
                     b"\r\n\r\n" % (status, ctype.encode(), len(answer)) + answer)


def handle(raw, ctx):
    try:
        with ctx.wrap_socket(raw, server_side=True) as conn:
            serve(conn)
    except (OSError, ValueError):
        pass


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(port)))
s.listen(16)
s.settimeout(1)
end = time.time() + 120
while time.time() < end:
    try:
        raw, _ = s.accept()
    except socket.timeout:
        continue
    threading.Thread(target=handle, args=(raw, ctx), daemon=True).start()
