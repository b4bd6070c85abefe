#!/usr/bin/env python3
"""An independent count of what `hotline import` takes from MISP files.

Written from the mapping table in docs/PROTOCOL.md ("Interop", "MISP"),
not from src/interop/misp.c: it reads each file with json and prints,
per file, one JSON line {"file", "indicators", "skipped"}, where
indicators counts the distinct (type, value) pairs the mapping gives and
skipped counts, by the importer's kinds, the attributes it must report:
"attribute type T" (no hotline type), "deleted", "not to_ids", "relative
uri". Values are put in the request schema's spelling the simple way
(lower case, ipaddress's form) so that repeats count once.

Usage: ref_misp.py FILE...   (Python 3 standard library only)
"""
import ipaddress
import json
import re
import sys

# MISP type -> (hotline type or "ip", which part of the value).
MAPPING = {
    "ip-src": ("ip", "whole"), "ip-dst": ("ip", "whole"),
    "ip-src|port": ("ip", "addr"), "ip-dst|port": ("ip", "addr"),
    "domain": ("domain", "whole"), "hostname": ("domain", "whole"),
    "domain|ip": ("domain", "both"),
    "url": ("url", "whole"), "uri": ("url", "uri"),
    "email-src": ("email", "whole"), "email-dst": ("email", "whole"),
    "email": ("email", "whole"),
    "md5": ("md5", "whole"), "sha1": ("sha1", "whole"),
    "sha256": ("sha256", "whole"),
    "filename|md5": ("md5", "hash"), "filename|sha1": ("sha1", "hash"),
    "filename|sha256": ("sha256", "hash"),
}
HASHLEN = {"md5": 32, "sha1": 40, "sha256": 64}
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def truthy(v, absent):
    if v is None:
        return absent
    if isinstance(v, bool):
        return v
    return str(v) == "1"


def canon(t, v):
    """(type, value) in the request's spelling, or None if it is none."""
    v = v.strip()
    if t == "ip":
        try:
            if "/" in v:
                n = ipaddress.ip_network(v, strict=True)
                return ("cidr", n.with_prefixlen)
            a = ipaddress.ip_address(v)
            return ("ipv6" if a.version == 6 else "ipv4", str(a))
        except ValueError:
            return None
    if t == "domain":
        v = v.lower().rstrip(".")
        return ("domain", v) if "." in v and " " not in v else None
    if t == "url":
        m = SCHEME.match(v)
        if not m:
            return None
        return ("url", m.group(0).lower() + v[m.end():])
    if t == "email":
        if "@" not in v:
            return None
        local, _, dom = v.rpartition("@")
        return ("email", local + "@" + dom.lower().rstrip("."))
    v = v.lower()
    if len(v) == HASHLEN[t] and all(c in "0123456789abcdef" for c in v):
        return (t, v)
    return None


def attribute(a, seen, skipped):
    def skip(kind):
        skipped[kind] = skipped.get(kind, 0) + 1

    if not isinstance(a, dict) or not isinstance(a.get("type"), str):
        skip("malformed")
        return
    if truthy(a.get("deleted"), False):
        skip("deleted")
        return
    if a["type"] not in MAPPING:
        skip("attribute type " + a["type"])
        return
    if not truthy(a.get("to_ids"), True):
        skip("not to_ids")
        return
    t, part = MAPPING[a["type"]]
    v = a.get("value")
    if not isinstance(v, str):
        skip("malformed")
        return
    if part == "uri" and not SCHEME.match(v.strip()):
        skip("relative uri")
        return
    if part == "addr":
        v = v.rpartition("|")[0]
    elif part == "hash":
        v = v.rpartition("|")[2]
    values = [(t, v)]
    if part == "both":
        d, _, ip = v.partition("|")
        values = [("domain", d), ("ip", ip)]
    for t, v in values:
        c = canon(t, v)
        if c is None:
            skip("invalid value")
        else:
            seen.add(c)


def events(doc):
    if isinstance(doc, dict) and "Event" in doc:
        return [doc["Event"]]
    if isinstance(doc, dict) and "response" in doc:
        doc = doc["response"]
    if isinstance(doc, list):
        return [x.get("Event", x) for x in doc if isinstance(x, dict)]
    return [doc]


def count(path):
    with open(path, "rb") as f:
        doc = json.load(f)
    seen, skipped = set(), {}
    for ev in events(doc):
        for a in ev.get("Attribute") or []:
            attribute(a, seen, skipped)
        for o in ev.get("Object") or []:
            if truthy(o.get("deleted"), False):
                skipped["deleted"] = skipped.get("deleted", 0) + 1
                continue
            for a in o.get("Attribute") or []:
                attribute(a, seen, skipped)
    return {"file": path, "indicators": len(seen), "skipped": skipped}


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: ref_misp.py FILE...\n")
        return 2
    for p in sys.argv[1:]:
        print(json.dumps(count(p), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
