"""A webhook receiver for the notification cases: records every request
as one JSON line in OUT and answers by the event's id and how often it
came: id 1 fails once (500), id 2 always (500), id 3 is redirected once
(302, to a path that must never be asked for), anything else is taken
(204). Binds a port of the kernel's and writes it to PORTFILE.

    python3 hook.py PORTFILE OUT
"""
import http.server
import json
import os
import sys

seen = {}


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8", "replace")
        try:
            eid = json.loads(body).get("id")
        except ValueError:
            eid = None
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({"path": self.path,
                                "type": self.headers.get("Content-Type"),
                                "event": self.headers.get("X-Hotline-Event"),
                                "agent": self.headers.get("User-Agent"),
                                "body": body}) + "\n")
        seen[eid] = seen.get(eid, 0) + 1
        if eid == 1 and seen[eid] == 1 or eid == 2:
            self.send_response(500)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"broken")
        elif eid == 3 and seen[eid] == 1:
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(204)
            self.end_headers()

    def log_message(self, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
srv.serve_forever()
