#!/usr/bin/env python3
"""Indicators for ref.sh, picked from a real log: addresses, networks,
domains, URLs, e-mail addresses and digests that occur in it (a seeded
draw among its distinct values, so the same file gives the same list),
and beside them the near misses a matcher must not count: an address
with a digit dropped or added (10.0.0.1 against 10.0.0.10), a domain
cut inside a label (gle.com against google.com), a subdomain of a
domain seen, a digest with its last digit changed, a URL with its path
cut; and values that are in no log. Every value in the one spelling
PROTOCOL.md gives its type, one per line.

Usage: ref_pick.py SEED LOG...
"""
import ipaddress
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", ".."))
import match_ref  # noqa: E402

HOST = re.compile(r'^(?=.{1,253}$)([a-z0-9_-]{1,63}\.)+[a-z][a-z0-9-]{1,62}$')
HEXD = re.compile(r'^[0-9a-f]+$')
EMAIL = re.compile(r'^[a-z0-9._%+-]+@([a-z0-9_-]+\.)+[a-z]{2,}$')
URL = re.compile(r'^https?://[\x21-\x7e]+$')


def main():
    rng = random.Random(int(sys.argv[1]))
    v4, v6, hosts, urls, emails, digests = (set() for _ in range(6))
    for path in sys.argv[2:]:
        for _, vals, url in match_ref.events(path):
            if url is not None and URL.match(url):
                urls.add(url)
            for v in vals:
                a = match_ref.address(v)
                if a is not None:
                    (v4 if a.version == 4 else v6).add(str(a))
                    continue
                lv = v.lower()
                if HEXD.match(lv) and len(lv) in (32, 40, 64):
                    digests.add(lv)
                elif HOST.match(lv.rstrip(".")) and lv == v:
                    hosts.add(lv.rstrip("."))
                elif EMAIL.match(lv):
                    emails.add(lv)
                elif URL.match(v):
                    urls.add(v)

    def draw(s, k):
        s = sorted(s)
        return rng.sample(s, min(k, len(s)))

    out = []
    for a in draw(v4, 8):
        out.append(a)
        if len(a.rsplit(".", 1)[1]) > 1:
            out.append(a[:-1])
        if int(a.rsplit(".", 1)[1] + "0") < 256:
            out.append(a + "0")
        out.append(str(ipaddress.ip_network(a + "/24", strict=False)))
        out.append(str(ipaddress.ip_network(a + "/16", strict=False)))
        out.append(a + "/32")
    for a in draw(v6, 4):
        out.append(a)
        out.append(str(ipaddress.ip_network(a + "/64", strict=False)))
    for h in draw(hosts, 8):
        out.append(h)
        labels = h.split(".")
        if len(labels) > 2:
            out.append(".".join(labels[1:]))
        # Cut inside the label, to a label that can still start one.
        cut = labels[-2][1:].lstrip("-")
        if cut:
            out.append(cut + "." + labels[-1])
        out.append("zz." + h)
    for u in draw(urls, 6):
        u = match_ref.normalise_url(u)
        out.append(u)
        cut = u.rstrip("/").rsplit("/", 1)[0]
        if cut.count("/") >= 3:
            out.append(cut)
    for e in draw(emails, 4):
        out.append(e)
        out.append(e.split("@")[1])
    for d in draw(digests, 6):
        out.append(d)
        out.append(d[:-1] + ("0" if d[-1] != "0" else "1"))
    # In no log: documentation ranges, .invalid names, random digests.
    out += ["192.0.2.1", "198.51.100.0/24", "2001:db8::1", "absent.invalid",
            "http://absent.invalid/", "nobody@absent.invalid"]
    for n in (32, 40, 64):
        out.append("%0*x" % (n, rng.getrandbits(4 * n)))
    seen = set()
    for v in out:
        if v not in seen:
            seen.add(v)
            print(v)


if __name__ == "__main__":
    main()
