#!/usr/bin/env python3
"""An independent reading of STIX 2.1 for hotline's tests (stdlib only),
written from the mapping in docs/PROTOCOL.md "### STIX", not from stix.c.

  ref_stix.py count FILE...    one line per file: "N FILE", N the typed
                               indicators a request body would carry
  ref_stix.py lines FILE       those indicators as sorted "type value" lines
  ref_stix.py check [--tlp DIR] FILE...
                               what the OASIS schemas do not check of an
                               export: every pattern parses by the STIX
                               pattern grammar, created and modified have
                               milliseconds and modified >= created, every
                               *_ref and *_refs resolves inside the bundle,
                               ids are unique, spec_version is 2.1; with
                               --tlp, each TLP marking-definition is exactly
                               the one in DIR/*.json of the same id
Exit 0 when all is well, 1 with a line per fault, 2 usage.
"""
import ipaddress
import json
import pathlib
import re
import sys

MAX_INDICATORS = 10000
MAX_DEPTH = 32

# ---------------------------------------------------------------- pattern

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>'(?:[^'\\]|\\['\\])*')
  | (?P<typed>[bht]'[^']*')
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<num>[-+]?[0-9]+(?:\.[0-9]+)?)
  | (?P<op>==|!=|<>|<=|>=|=|<|>)
  | (?P<punct>[\[\]():.,*])
""", re.X)

KEYWORDS = {"AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET",
            "ISSUPERSET", "IN", "EXISTS", "WITHIN", "SECONDS", "REPEATS",
            "TIMES", "START", "STOP"}


class PatternError(Exception):
    pass


def tokens(s):
    out, i = [], 0
    while i < len(s):
        m = TOKEN.match(s, i)
        if not m:
            raise PatternError(f"byte {i}: no token")
        if m.lastgroup != "ws":
            out.append((m.lastgroup, m.group()))
        i = m.end()
    out.append(("end", ""))
    return out


class Pattern:
    """The grammar of CS02 9.3. self.cmps: (path, op, literal) of each
    comparison; self.other: the constructs that make it no list."""

    def __init__(self, s):
        self.t = tokens(s)
        self.i = 0
        self.depth = 0
        self.cmps = []
        self.other = []
        self.obs_seq()
        self.need("end")

    def peek(self):
        return self.t[self.i]

    def kw(self, w):
        return self.t[self.i] == ("word", w)

    def take(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def need(self, kind, text=None):
        k, v = self.take()
        if k != kind or (text is not None and v != text):
            raise PatternError(f"token {self.i}: wanted {text or kind}, got {v!r}")
        return v

    def open(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise PatternError("too deep")

    def obs_seq(self):
        self.obs_or()
        while self.kw("FOLLOWEDBY"):
            self.take()
            self.other.append("FOLLOWEDBY")
            self.obs_or()

    def obs_or(self):
        self.obs_and()
        while self.kw("OR"):
            self.take()
            self.obs_and()

    def obs_and(self):
        self.obs()
        while self.kw("AND"):
            self.take()
            self.other.append("AND")
            self.obs()

    def obs(self):
        k, v = self.take()
        self.open()
        if (k, v) == ("punct", "["):
            self.cmp_or()
            self.need("punct", "]")
        elif (k, v) == ("punct", "("):
            self.obs_seq()
            self.need("punct", ")")
        else:
            raise PatternError(f"wanted [ or (, got {v!r}")
        self.depth -= 1
        while True:
            if self.kw("WITHIN"):
                self.take(); self.need("num"); self.need("word", "SECONDS")
            elif self.kw("REPEATS"):
                self.take(); self.need("num"); self.need("word", "TIMES")
            elif self.kw("START"):
                self.take(); self.need("typed"); self.need("word", "STOP")
                self.need("typed")
            else:
                return
            self.other.append("qualifier")

    def cmp_or(self):
        self.cmp_and()
        while self.kw("OR"):
            self.take()
            self.cmp_and()

    def cmp_and(self):
        self.test()
        while self.kw("AND"):
            self.take()
            self.other.append("AND")
            self.test()

    def path(self):
        obj = self.need("word")
        if obj in KEYWORDS:
            raise PatternError(f"keyword {obj} as an object type")
        self.need("punct", ":")
        parts = [self.need("word")]
        while True:
            if self.peek() == ("punct", "."):
                self.take()
                k, v = self.take()
                if k == "string":
                    parts.append(v[1:-1])
                elif k == "word":
                    parts.append(v)
                else:
                    raise PatternError("bad path component")
            elif self.peek() == ("punct", "["):
                self.take()
                k, v = self.take()
                if k != "num" and (k, v) != ("punct", "*"):
                    raise PatternError("bad index")
                self.need("punct", "]")
                parts.append("[]")
            else:
                return obj, parts

    def literal(self):
        k, v = self.take()
        if k in ("string", "num", "typed") or (k == "word" and v in ("true", "false")):
            return k, v
        raise PatternError(f"wanted a literal, got {v!r}")

    def test(self):
        if self.peek() == ("punct", "("):
            self.take()
            self.open()
            self.cmp_or()
            self.need("punct", ")")
            self.depth -= 1
            return
        if self.kw("EXISTS"):
            self.take()
            self.path()
            self.other.append("EXISTS")
            return
        path = self.path()
        if self.kw("NOT"):
            self.take()
            self.other.append("NOT")
        k, v = self.peek()
        if k == "op":
            self.take()
            lit = self.literal()
            self.cmps.append((path, v, lit))
        elif self.kw("IN"):
            self.take()
            self.need("punct", "(")
            self.literal()
            while self.peek() == ("punct", ","):
                self.take()
                self.literal()
            self.need("punct", ")")
            self.other.append("IN")
        elif k == "word" and v in ("LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET"):
            self.take()
            self.need("string")
            self.other.append(v)
        else:
            raise PatternError(f"wanted an operator, got {v!r}")


# ---------------------------------------------------------------- values

VALUE_PATHS = {"ipv4-addr": "ipv4", "ipv6-addr": "ipv6",
               "domain-name": "domain", "url": "url", "email-addr": "email"}


def hash_type(name):
    n = name.replace("-", "").replace("_", "").upper()
    return {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256"}.get(n)


def domain_ok(d):
    labels = d.split(".")
    return (len(d) <= 253 and len(labels) >= 2 and
            all(l and re.fullmatch(r"[a-z0-9_-]+", l) for l in labels))


def canon(want, v):
    """(type, value) as a request carries it, or None: the PROTOCOL.md
    table of spellings. An address type may come out cidr."""
    v = v.strip(" \t\r\n")
    if not v or len(v) > 2048 or re.search(r"[\x00-\x20\x7f-\U0010ffff]", v):
        return None
    try:
        if want in ("ipv4", "ipv6"):
            fam = ipaddress.IPv4Address if want == "ipv4" else ipaddress.IPv6Address
            if "/" in v:
                net = ipaddress.ip_network(v, strict=True)
                if not isinstance(net.network_address, fam):
                    return None
                return "cidr", str(net)
            return want, str(fam(v))
    except ValueError:
        return None
    if want == "domain":
        d = v.lower()
        if d.endswith("."):
            d = d[:-1]
        return ("domain", d) if domain_ok(d) and not re.fullmatch(r"[0-9.]+", d) else None
    if want == "url":
        m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://(.+)$", v)
        return ("url", m.group(1).lower() + "://" + m.group(2)) if m else None
    if want == "email":
        local, at, dom = v.rpartition("@")
        dom = dom.lower()
        if dom.endswith("."):
            dom = dom[:-1]
        if not at or not local or len(local) > 64 or not domain_ok(dom):
            return None
        return "email", local + "@" + dom
    n = {"md5": 32, "sha1": 40, "sha256": 64}[want]
    if len(v) == n and re.fullmatch(r"[0-9A-Fa-f]+", v):
        return want, v.lower()
    return None


def sco_values(o):
    t = o.get("type")
    if t in VALUE_PATHS and isinstance(o.get("value"), str):
        yield VALUE_PATHS[t], o["value"]
    elif t == "file" and isinstance(o.get("hashes"), dict):
        for k, v in o["hashes"].items():
            if hash_type(k) and isinstance(v, str):
                yield hash_type(k), v


def pattern_values(s):
    """The values of a pattern that is an OR of '=' on mapped paths."""
    try:
        p = Pattern(s)
    except (PatternError, RecursionError):
        return []
    out = []
    for (obj, parts), op, (k, lit) in p.cmps:
        if op not in ("=", "==") or k != "string":
            return []
        if len(parts) == 1 and parts[0] == "value" and obj in VALUE_PATHS:
            t = VALUE_PATHS[obj]
        elif obj == "file" and len(parts) == 2 and parts[0] == "hashes" and hash_type(parts[1]):
            t = hash_type(parts[1])
        else:
            return []
        out.append((t, re.sub(r"\\(['\\])", r"\1", lit[1:-1])))
    return [] if p.other else out


def objects(doc):
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        return None
    if doc["type"] == "bundle":
        objs = doc.get("objects", [])
        return objs if isinstance(objs, list) else None
    return [doc] if "id" in doc else None


def indicators(doc):
    objs = objects(doc)
    if objs is None:
        return None
    found = []
    for o in objs:
        if not isinstance(o, dict) or o.get("revoked") is True:
            continue
        t = o.get("type")
        if t == "indicator":
            if o.get("pattern_type", "stix") == "stix" and isinstance(o.get("pattern"), str) \
                    and len(o["pattern"].encode()) <= 65536:
                found += pattern_values(o["pattern"])
        elif t == "observed-data":
            for sco in (o.get("objects") or {}).values():
                if isinstance(sco, dict):
                    found += list(sco_values(sco))
        else:
            found += list(sco_values(o))
    seen = []
    for t, v in found:
        c = canon(t, v)
        if c is not None and c not in seen:
            seen.append(c)
    return seen[:MAX_INDICATORS]


# ---------------------------------------------------------------- checks

MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def refs(v, where=""):
    if isinstance(v, dict):
        for k, x in v.items():
            if k.endswith("_ref") and isinstance(x, str):
                yield f"{where}.{k}", x
            elif k.endswith("_refs") and isinstance(x, list):
                for i, r in enumerate(x):
                    yield f"{where}.{k}[{i}]", r
            else:
                yield from refs(x, f"{where}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from refs(x, f"{where}[{i}]")


def check(path, tlpdir):
    faults = []
    doc = json.loads(pathlib.Path(path).read_text())
    objs = objects(doc)
    if objs is None or doc.get("type") != "bundle":
        return [f"{path}: not a bundle"]
    ids = [o.get("id") for o in objs]
    for i in set(x for x in ids if ids.count(x) > 1):
        faults.append(f"{path}: id {i} twice")
    known = {}
    for f in sorted(pathlib.Path(tlpdir).glob("*.json")) if tlpdir else []:
        try:
            for o in json.loads(f.read_text()).get("objects", []):
                if o.get("type") == "marking-definition":
                    known[o["id"]] = o
        except ValueError:
            pass
    for n, o in enumerate(objs):
        w = f"{path}: objects[{n}] {o.get('id')}"
        if o.get("spec_version") != "2.1":
            faults.append(f"{w}: spec_version is not 2.1")
        for k in ("created", "modified"):
            if k in o and not MS.match(o[k]):
                faults.append(f"{w}: {k} {o[k]!r} has no milliseconds")
        if "modified" in o and o["modified"] < o.get("created", ""):
            faults.append(f"{w}: modified before created")
        if o.get("type") == "indicator":
            try:
                Pattern(o.get("pattern", ""))
                # hotline writes ORs of '=': each value its type's own
                for t, v in pattern_values(o.get("pattern", "")):
                    if canon(t, v) is None:
                        faults.append(f"{w}: pattern: {v!r} is no {t}")
            except (PatternError, RecursionError) as e:
                faults.append(f"{w}: pattern does not parse: {e}")
        if o.get("type") == "marking-definition" and o.get("id") in known \
                and o != known[o["id"]]:
            faults.append(f"{w}: not the marking-definition of {tlpdir}")
        for where, r in refs(o):
            if r not in ids:
                faults.append(f"{w}{where}: {r} is not in the bundle")
    return faults


def main(argv):
    if len(argv) < 3 or argv[1] not in ("count", "lines", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "check":
        files, tlpdir = argv[2:], None
        if files[:1] == ["--tlp"]:
            tlpdir, files = files[1], files[2:]
        faults = [f for p in files for f in check(p, tlpdir)]
        for f in faults:
            print(f)
        return 1 if faults else 0
    rc = 0
    for p in argv[2:]:
        try:
            found = indicators(json.loads(pathlib.Path(p).read_text()))
        except ValueError:
            found = None
        if found is None:
            print(f"- {p}")
            rc = 1
        elif argv[1] == "count":
            print(f"{len(found)} {p}")
        else:
            for t, v in sorted(found):
                print(f"{t} {v}")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
