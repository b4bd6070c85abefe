# One connection from ADDR to PORT that never authenticates: "tcp" says
# nothing, "tls" trickles a ClientHello one byte every half second. Waits
# (up to 60 s) for the server to close it, then prints
#   closed-by-server sent=N hello=M
# or "still-open sent=N hello=M" if it did not.
# usage: hold.py PORT ADDR tcp|tls
import socket, ssl, sys, time

port, addr, kind = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
i, o = ssl.MemoryBIO(), ssl.MemoryBIO()
try:
    ctx.wrap_bio(i, o).do_handshake()
except ssl.SSLWantReadError:
    pass
hello = o.read()
s = socket.socket()
s.bind((addr, 0))
s.connect(("127.0.0.1", port))
s.settimeout(0.5)
sent, end, result = 0, time.monotonic() + 60, "still-open"
while time.monotonic() < end:
    try:
        if s.recv(4096) == b"":
            result = "closed-by-server"
            break
    except socket.timeout:
        pass
    except OSError:
        result = "closed-by-server"
        break
    if kind == "tls" and sent < len(hello):
        try:
            s.send(hello[sent:sent + 1])
            sent += 1
        except OSError:
            result = "closed-by-server"
            break
print(result, "sent=%d" % sent, "hello=%d" % len(hello))
