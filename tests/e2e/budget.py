# A pinned peer's own connection budget (4): prints one line per step.
#   busy: 4 connections each in the middle of a request, then a 5th with
#         a whole ping: "fifth STATUS TYPE", then whether the 4 are open.
#   idle: 4 idle connections, then a 5th with a ping: "fifth STATUS",
#         then how many of the 4 the server closed.
# usage: budget.py PORT CERT KEY busy|idle
import json, socket, ssl, sys, time

port, cert, key, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(cert, key)
PING = b"GET /v1/ping HTTP/1.1\r\nHost: bb\r\n\r\n"


def conn():
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)))
    s.settimeout(20)
    return s


def answer(s):
    got = b""
    while b"\r\n\r\n" not in got:
        b = s.recv(65536)
        if not b:
            return None, None
        got += b
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    n = [int(l.split(":")[1]) for l in lines if l.lower().startswith("content-length:")][0]
    while len(body) < n:
        body += s.recv(65536)
    return int(lines[0].split(" ")[1]), body[:n]


def is_closed(s):
    s.settimeout(2)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except (OSError, ssl.SSLError):
        return True


four = []
for i in range(4):
    s = conn()
    # Each proves it holds a slot: a ping answered on it.
    s.sendall(PING)
    st, _ = answer(s)
    assert st == 200, st
    four.append(s)
if mode == "busy":
    for s in four:
        s.sendall(b"GET /v1/ping HTTP/1.1\r\n")
    time.sleep(0.5)
    s = conn()
    s.sendall(PING)
    st, body = answer(s)
    print("fifth", st, json.loads(body)["type"] if st != 200 else "-")
    print("fifth closed after", is_closed(s))
    for t in four:
        t.sendall(b"Host: bb\r\n\r\n")
    print("the four still served", all(answer(t)[0] == 200 for t in four))
else:
    time.sleep(0.5)
    s = conn()
    s.sendall(PING)
    st, _ = answer(s)
    print("fifth", st)
    print("closed of the four", [is_closed(t) for t in four])
    s.sendall(PING)
    print("fifth again", answer(s)[0])
