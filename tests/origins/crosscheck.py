#!/usr/bin/env python3
"""The per-country table of a web access log, computed a second way:
Python's own parsing (re, ipaddress, datetime) and `mmdblookup` (from
mmdb-bin) for each distinct address. Prints the rows as hotline's JSON
has them, one per line, sorted the same way.

Usage: crosscheck.py MMDB LOG
"""
import ipaddress
import re
import subprocess
import sys
from datetime import datetime, timezone

# The special-purpose blocks hotline files under "private" (IANA).
SPECIAL = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
    "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/127", "64:ff9b::/96", "100::/64", "2001:db8::/32", "2001::/23",
    "fc00::/7", "fe80::/10", "ff00::/8")]
LINE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\]')


def country(db, ip):
    out = subprocess.run(["mmdblookup", "--file", db, "--ip", ip,
                          "country", "iso_code"], capture_output=True,
                         text=True).stdout
    m = re.search(r'"(\w\w)" <utf8_string>', out)
    return m.group(1) if m else "unknown"


def main():
    db, log = sys.argv[1], sys.argv[2]
    seen = {}
    for line in open(log, encoding="utf-8", errors="replace"):
        m = LINE.match(line)
        if not m:
            continue
        try:
            ip = ipaddress.ip_address(m.group(1))
        except ValueError:
            continue
        t = datetime.strptime(m.group(2), "%d/%b/%Y:%H:%M:%S %z")
        t = int(t.astimezone(timezone.utc).timestamp())
        e = seen.setdefault(ip, [0, t, t])
        e[0] += 1
        e[1], e[2] = min(e[1], t), max(e[2], t)
    rows = {}
    for ip, (n, first, last) in seen.items():
        net = ipaddress.ip_network(ip)
        key = "private" if any(net.subnet_of(s) for s in SPECIAL
                               if s.version == ip.version) \
            else country(db, str(ip))
        r = rows.setdefault(key, [0, 0, first, last])
        r[0] += n
        r[1] += 1
        r[2], r[3] = min(r[2], first), max(r[3], last)
    iso = lambda t: datetime.fromtimestamp(t, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    for key, (n, a, first, last) in sorted(rows.items(),
                                           key=lambda kv: (-kv[1][0], kv[0])):
        print(key, n, a, iso(first), iso(last))


if __name__ == "__main__":
    main()
