# Sends raw bytes over TLS with a node's certificate and reads the answer
# until the server closes (or the request's timeout, printed as such).
# Prints one line: "STATUS TYPE ANSWERS MEDIA", TYPE being the problem
# type of the first answer or "-", ANSWERS the number of status lines
# received ("HTTP/1.1 NNN" at the start of an answer), MEDIA the first
# answer's Content-Type. The raw answer is kept in OUT.
# With PAUSE, only the first PAUSE bytes are sent; with "resume" too, the
# rest follows once the server has said something (a 100 Continue).
# usage: http_raw.py PORT CERT KEY IN OUT [PAUSE [resume]]
import json, socket, ssl, sys

port, cert, key, src, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
pause = int(sys.argv[6]) if len(sys.argv) > 6 else -1
data = open(src, "rb").read()
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(cert, key)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)))
s.settimeout(90)
got = b""
try:
    s.sendall(data if pause < 0 else data[:pause])
    if pause >= 0 and len(sys.argv) > 7 and sys.argv[7] == "resume":
        got = s.recv(65536)
        s.sendall(data[pause:])
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += b
except socket.timeout:
    print("timeout - 0 -")
    sys.exit(0)
except (OSError, ssl.SSLError):
    pass
open(out, "wb").write(got)
if not got:
    print("closed - 0 -")
    sys.exit(0)
head, _, rest = got.partition(b"\r\n\r\n")
lines = head.decode("latin-1").split("\r\n")
status = lines[0].split(" ")[1]
fields = {}
for l in lines[1:]:
    k, _, v = l.partition(":")
    fields[k.strip().lower()] = v.strip()
n = int(fields.get("content-length", "0"))
body = rest[:n]
media = fields.get("content-type", "-")
ptype = "-"
if media == "application/problem+json":
    p = json.loads(body)
    ptype = p["type"]
    if p["status"] != int(status):
        ptype = "status-mismatch"
answers, at = 0, 0
while at < len(got) and got.startswith(b"HTTP/1.1 ", at):
    answers += 1
    end = got.find(b"\r\n\r\n", at)
    if end < 0:
        break
    n = 0
    for l in got[at:end].decode("latin-1").split("\r\n")[1:]:
        if l.lower().startswith("content-length:"):
            n = int(l.split(":")[1])
    at = end + 4 + n
print(status, ptype, answers, media.split(";")[0])
