#!/usr/bin/env python3
"""hotline match's counts, computed a second way: from the rules of issue
13 as hotline.1 states them (MATCHING), with Python's own json, gzip,
ipaddress and datetime, and without reading match.c. For each indicator
of a plain list (one value per line, already in its canonical spelling),
prints one line:

    TYPE<TAB>VALUE<TAB>COUNT<TAB>FIRST_SEEN<TAB>LAST_SEEN

in the list's order, the times as RFC 3339 whole seconds in UTC ("-" when
no event with a time had it). The whole window ("--since all").

What is an event, and its values:
  - Zeek TSV (a file whose first line is "#separator"): each row; its
    values are each field, and each element of a set/vector field split
    on #set_separator; the #unset_field ("-") and #empty_field
    ("(empty)") are no value. Its time is the "ts" field.
  - JSON lines (a line starting "{"): each object; its values are every
    string and number at any depth, decoded by json.loads (keys are not
    values). Its time is the top-level "timestamp" (EVE) or "ts" (Zeek
    JSON).
  - anything else: each line (comments too), its values the tokens
    delimited by whitespace and " ' < > ( ) [ ] { } , ; | = (a token
    that holds :// runs on through =), each as written and, if it ends
    in dots or colons, without them. Its time is a web log's [day/Mon/year:H:M:S zone], or a
    syslog time at the start of the line ("Mon DD HH:MM:SS", UTC), whose
    year is the latest that does not put it more than a day after the
    file's modification time.

Usage: match_ref.py INDICATORS LOG...
"""
import gzip
import ipaddress
import json
import os
import re
import sys
from datetime import datetime, timezone

HEX = re.compile(r'^[0-9a-fA-F]+$')
SCHEME = re.compile(r'^([A-Za-z][A-Za-z0-9+.-]*)://')
PORT = re.compile(r'^[0-9]{1,5}$')
TEXT_DELIM = set(" \t\r\n\v\f\"'<>()[]{},;|=")
QUAD = re.compile(r'^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$')
WEBTIME = re.compile(r'\[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):'
                     r'(\d{2}) ([+-]\d{4})\]')
SYSLOG = re.compile(r'^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ')
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]
DEFAULT_PORT = {"http": "80", "https": "443"}


def infer(v):
    """The type of a canonical plain-list value."""
    if "://" in v:
        return "url"
    if "@" in v:
        return "email"
    if "/" in v:
        return "cidr"
    try:
        a = ipaddress.ip_address(v)
        return "ipv4" if a.version == 4 else "ipv6"
    except ValueError:
        pass
    if HEX.match(v) and len(v) in (32, 40, 64):
        return {32: "md5", 40: "sha1", 64: "sha256"}[len(v)]
    return "domain"


def split_url(v):
    """(scheme, authority, rest) of an absolute URL, or None."""
    m = SCHEME.match(v)
    if not m:
        return None
    rest = v[m.end():]
    cut = len(rest)
    for c in "/?#":
        i = rest.find(c)
        if i >= 0:
            cut = min(cut, i)
    return m.group(1), rest[:cut], rest[cut:]


def split_authority(auth):
    """(userinfo or None, host, port or None) of a URL's authority."""
    user = None
    if "@" in auth:
        user, auth = auth.rsplit("@", 1)
    if auth.startswith("["):
        end = auth.find("]")
        if end < 0:
            return user, auth, None
        host, tail = auth[1:end], auth[end + 1:]
        port = tail[1:] if tail.startswith(":") else None
        return user, host, port
    if auth.count(":") == 1:
        host, port = auth.split(":")
        return user, host, port
    return user, auth, None


def url_host(v):
    u = split_url(v)
    if u is None:
        return None
    return split_authority(u[1])[1]


def normalise_url(v):
    """Scheme and host lowercased, default port dropped, empty path "/"."""
    u = split_url(v)
    if u is None:
        return None
    scheme, auth, rest = u
    scheme = scheme.lower()
    user, host, port = split_authority(auth)
    host = host.lower()
    if ":" in host:
        host = "[" + host + "]"
    if port == "" or port == DEFAULT_PORT.get(scheme):
        port = None
    out = scheme + "://"
    if user is not None:
        out += user + "@"
    out += host
    if port is not None:
        out += ":" + port
    if not rest.startswith("/"):
        rest = "/" + rest
    return out + rest


def address(s):
    """The address s is: leading zeros in a dotted quad read as decimal,
    an IPv4-mapped IPv6 address as its IPv4 address."""
    m = QUAD.match(s)
    if m:
        b = [int(x) for x in m.groups()]
        if max(b) > 255:
            return None
        return ipaddress.IPv4Address(".".join(map(str, b)))
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return None
    if a.version == 6 and a.ipv4_mapped is not None:
        return a.ipv4_mapped
    return a


def addresses_of(v):
    """The addresses a value names: itself, [ADDR], ADDR:PORT,
    [ADDR]:PORT, or the host of a URL."""
    out = []
    a = address(v)
    if a is not None:
        out.append(a)
    if v.startswith("[") and v.endswith("]") and ":" in v:
        a = address(v[1:-1])
        if a is not None:
            out.append(a)
    if v.startswith("["):
        end = v.find("]")
        if end > 0 and v[end + 1:end + 2] == ":" and \
                PORT.match(v[end + 2:]):
            a = address(v[1:end])
            if a is not None and ":" in v[1:end]:
                out.append(a)
    elif v.count(":") == 1:
        h, p = v.split(":")
        a = address(h)
        if a is not None and a.version == 4 and PORT.match(p):
            out.append(a)
    h = url_host(v)
    if h is not None:
        a = address(h)
        if a is not None:
            out.append(a)
    return out


def email_of(v):
    """The e-mail address a value is, also inside "Name <address>" and
    after "mailto:"."""
    lt, gt = v.rfind("<"), v.rfind(">")
    if 0 <= lt < gt:
        v = v[lt + 1:gt]
    if v[:7].lower() == "mailto:":
        v = v[7:]
    if v.count("@") != 1:
        return None
    local, dom = v.split("@")
    if not local or not dom:
        return None
    return v.lower()


class Indicators:
    def __init__(self, path):
        self.order = []
        self.ip = {}
        self.nets = {}
        self.domain = {}
        self.url = {}
        self.email = {}
        self.hash = {}
        self.cache = {}
        for line in open(path, encoding="utf-8"):
            v = line.strip()
            if not v or v.startswith("#"):
                continue
            t = infer(v)
            key = (t, v)
            if key in self.order:
                continue
            self.order.append(key)
            if t in ("ipv4", "ipv6"):
                self.ip[ipaddress.ip_address(v)] = key
            elif t == "cidr":
                n = ipaddress.ip_network(v)
                self.nets.setdefault((n.version, n.prefixlen), {})[
                    int(n.network_address)] = key
            elif t == "domain":
                self.domain[v] = key
            elif t == "url":
                self.url[normalise_url(v)] = key
            elif t == "email":
                self.email[v.lower()] = key
            else:
                self.hash[v.lower()] = key

    def domain_hits(self, h, hits):
        h = h.lower()
        if h.endswith("."):
            h = h[:-1]
        if h in self.domain:
            hits.add(self.domain[h])
        i = h.find(".")
        while i >= 0:
            if h[i + 1:] in self.domain:
                hits.add(self.domain[h[i + 1:]])
            i = h.find(".", i + 1)

    def value(self, v, hits):
        """Adds to hits each indicator that occurs in value v (logs
        repeat their values, so each distinct one is worked out once)."""
        got = self.cache.get(v)
        if got is None:
            got = set()
            self.occurs(v, got)
            self.cache[v] = got
        hits |= got

    def occurs(self, v, hits):
        for a in addresses_of(v):
            if a in self.ip:
                hits.add(self.ip[a])
            bits = 32 if a.version == 4 else 128
            for (version, plen), nets in self.nets.items():
                if version != a.version:
                    continue
                net = int(a) >> (bits - plen) << (bits - plen)
                if net in nets:
                    hits.add(nets[net])
        if self.domain:
            self.domain_hits(v, hits)
            # A name with a port is the name.
            name, colon, port = v.rpartition(":")
            if colon and name and PORT.match(port):
                self.domain_hits(name, hits)
            h = url_host(v)
            if h is not None:
                self.domain_hits(h, hits)
        e = email_of(v)
        if e is not None:
            if e in self.email:
                hits.add(self.email[e])
            self.domain_hits(e.rsplit("@", 1)[1], hits)
        if self.url:
            u = normalise_url(v)
            if u is not None and u in self.url:
                hits.add(self.url[u])
        if len(v) in (32, 40, 64) and v.lower() in self.hash:
            hits.add(self.hash[v.lower()])


def epoch(s):
    """A time value of an event as whole seconds since the epoch."""
    if isinstance(s, (int, float)):
        return int(s // 1)
    if re.match(r'^[0-9]+(\.[0-9]+)?$', s):
        return int(float(s) // 1)
    s = re.sub(r'([+-]\d{2})(\d{2})$', r'\1:\2', s.replace("Z", "+00:00"))
    return int(datetime.fromisoformat(s).timestamp() // 1)


def json_values(x, out):
    if isinstance(x, dict):
        for v in x.values():
            json_values(v, out)
    elif isinstance(x, list):
        for v in x:
            json_values(v, out)
    elif isinstance(x, bool) or x is None:
        pass
    elif isinstance(x, int):
        out.append(str(x))
    elif isinstance(x, float):
        out.append(repr(x))
    else:
        out.append(x)


def events(path):
    """(time or None, values, rebuilt URL or None) of each event."""
    mtime = os.stat(path).st_mtime
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    if first.startswith("#separator"):
        yield from zeek_events(lines)
    elif first.startswith("{"):
        for ln in lines:
            if not ln.strip():
                continue
            o = json.loads(ln)
            vals = []
            json_values(o, vals)
            t = o.get("timestamp", o.get("ts"))
            url = None
            h = o.get("http")
            if o.get("event_type") == "http" and isinstance(h, dict) and \
                    "hostname" in h and "url" in h:
                url = "http://" + h["hostname"] + h["url"]
            yield (epoch(t) if t is not None else None), vals, url
    else:
        for ln in lines:
            if not ln.strip():
                continue
            vals = []
            for tok in text_tokens(ln):
                vals.append(tok)
                bare = tok.rstrip(".:")
                if bare and bare != tok:
                    vals.append(bare)
            m = WEBTIME.search(ln)
            t = None
            if m:
                t = int(datetime.strptime(m.group(0),
                        "[%d/%b/%Y:%H:%M:%S %z]").timestamp())
            elif SYSLOG.match(ln):
                t = syslog_time(SYSLOG.match(ln), mtime)
            yield t, vals, None


def text_tokens(ln):
    """A text line's tokens; = ends one only before it holds ://."""
    out, tok = [], ""
    for c in ln:
        if c in TEXT_DELIM and not (c == "=" and "://" in tok):
            if tok:
                out.append(tok)
            tok = ""
        else:
            tok += c
    if tok:
        out.append(tok)
    return out


def syslog_time(m, mtime):
    mon = MONTHS.index(m.group(1)) + 1 if m.group(1) in MONTHS else 0
    if mon == 0:
        return None
    year = datetime.fromtimestamp(mtime, timezone.utc).year
    for y in (year + 1, year, year - 1):
        try:
            t = datetime(y, mon, int(m.group(2)), int(m.group(3)),
                         int(m.group(4)), int(m.group(5)),
                         tzinfo=timezone.utc).timestamp()
        except ValueError:
            continue
        if t <= mtime + 86400:
            return int(t)
    return None


def zeek_events(lines):
    sep, setsep, empty, unset = "\t", ",", "(empty)", "-"
    fields, types, path = [], [], ""
    for ln in lines:
        if not ln:
            continue
        if ln.startswith("#"):
            if ln.startswith("#separator "):
                sep = ln.split(" ", 1)[1].encode().decode("unicode_escape")
                continue
            k, _, v = ln[1:].partition(sep)
            if k == "set_separator":
                setsep = v
            elif k == "empty_field":
                empty = v
            elif k == "unset_field":
                unset = v
            elif k == "fields":
                fields = v.split(sep)
            elif k == "types":
                types = v.split(sep)
            elif k == "path":
                path = v
            continue
        row = ln.split(sep)
        vals, t, host, uri = [], None, None, None
        for i, v in enumerate(row):
            if v in (unset, empty):
                continue
            name = fields[i] if i < len(fields) else ""
            kind = types[i] if i < len(types) else ""
            vals.append(v)
            if kind.startswith(("set[", "vector[")):
                vals.extend(e for e in v.split(setsep)
                            if e not in (unset, empty))
            if name == "ts":
                t = epoch(v)
            elif name == "host":
                host = v
            elif name == "uri":
                uri = v
        url = None
        if path == "http" and host is not None and uri is not None:
            url = "http://" + host + uri
        yield t, vals, url


def rfc3339(t):
    if t is None:
        return "-"
    return datetime.fromtimestamp(t, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: match_ref.py INDICATORS LOG...")
    ind = Indicators(sys.argv[1])
    count, first, last = {}, {}, {}
    for path in sys.argv[2:]:
        for t, vals, url in events(path):
            hits = set()
            for v in vals:
                ind.value(v, hits)
            if url is not None and ind.url:
                u = normalise_url(url)
                if u in ind.url:
                    hits.add(ind.url[u])
            for k in hits:
                count[k] = count.get(k, 0) + 1
                if t is not None:
                    first[k] = min(first.get(k, t), t)
                    last[k] = max(last.get(k, t), t)
    for k in ind.order:
        print("%s\t%s\t%d\t%s\t%s" % (k[0], k[1], count.get(k, 0),
              rfc3339(first.get(k)), rfc3339(last.get(k))))


if __name__ == "__main__":
    main()
