# Holds hostile connections open against PORT: COUNT of them, spread over
# 127.0.0.1..5, half plain TCP that never speaks, half TLS without a
# certificate trickling a ClientHello one byte every half second. Any the
# server closes is opened again on the next pass (every 20 ms). Every
# pass writes STATUS:
#   open=N connects=N closed=N min_open=N
# open: connected after this pass's reconnections; closed: how many the
# server closed; min_open: the fewest open, so counted, in any pass since
# the file MARK appeared.
# Stops when the file STOP appears.
# usage: flood.py PORT COUNT STATUS MARK STOP
import os, select, socket, ssl, sys, time

port, count, status, mark, stop = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
addrs = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]


def client_hello():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    i, o = ssl.MemoryBIO(), ssl.MemoryBIO()
    s = ctx.wrap_bio(i, o)
    try:
        s.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return o.read()


HELLO = client_hello()


class Conn:
    def __init__(self, n):
        self.addr = addrs[n % len(addrs)]
        self.tls = n % 2 == 1
        self.sock = None

    def connect(self):
        s = socket.socket()
        s.bind((self.addr, 0))
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        self.sock, self.sent, self.last = s, 0, 0.0


conns = [Conn(n) for n in range(count)]
connects = closed = 0
min_open = None
while not os.path.exists(stop):
    for c in conns:
        if c.sock is None:
            try:
                c.connect()
                connects += 1
            except OSError:
                c.sock = None
    live = [c for c in conns if c.sock is not None]
    n = len(live)
    if os.path.exists(mark):
        min_open = n if min_open is None else min(min_open, n)
    r, _, _ = select.select([c.sock for c in live], [], [], 0.02)
    now = time.monotonic()
    for c in live:
        gone = False
        if c.sock in r:
            try:
                gone = c.sock.recv(4096) == b""
            except BlockingIOError:
                pass
            except OSError:
                gone = True
        if not gone and c.tls and c.sent < len(HELLO) and now - c.last >= 0.5:
            try:
                c.sock.send(HELLO[c.sent:c.sent + 1])
                c.sent += 1
                c.last = now
            except BlockingIOError:
                pass
            except OSError:
                gone = True
        if gone:
            c.sock.close()
            c.sock = None
            closed += 1
    with open(status + ".tmp", "w") as f:
        f.write("open=%d connects=%d closed=%d min_open=%s\n" % (n, connects, closed, min_open))
    os.replace(status + ".tmp", status)
    time.sleep(0.02)
for c in conns:
    if c.sock is not None:
        c.sock.close()
