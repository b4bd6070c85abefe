#!/usr/bin/env python3
"""The typed indicators an IODEF v2 document holds, by the mapping table
of docs/PROTOCOL.md ("Interop", "IODEF"), computed apart from hotline's
C: xml.etree and the standard library only.

    ref_iodef.py FILE.xml   prints "type value" lines, sorted, one each

Taken: an Incident's IndicatorData/Indicator terms (Observable,
ObservableReference by observable-id, IndicatorExpression of operator
"or", or of one term), and its EventData (nested too): Flow/System of
category source or intermediate (Node/Address, Node/DomainData/Name,
Service/EmailData/EmailFrom) and Record/RecordData/FileData. A value must
be canonical once trimmed: no blank inside, ASCII, of its type's form.
"""
import base64
import binascii
import ipaddress
import re
import sys
import xml.etree.ElementTree as ET

NS = "{urn:ietf:params:xml:ns:iodef-2.0}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
ADDRESS = {"ipv4-addr": "ipv4", "ipv6-addr": "ipv6", "ipv4-net": "cidr",
           "ipv6-net": "cidr", "e-mail": "email", "site-uri": "url"}
BULK = dict(ADDRESS, **{"domain-name": "domain"})
DIGEST = {"http://www.w3.org/2001/04/xmldsig-more#md5": ("md5", 16),
          "http://www.w3.org/2000/09/xmldsig#sha1": ("sha1", 20),
          "http://www.w3.org/2001/04/xmlenc#sha256": ("sha256", 32)}
LABEL = re.compile(r"^[a-z0-9_-]+$")

found = set()


def domain(v):
    v = v.lower().rstrip(".")
    labels = v.split(".")
    if len(v) > 253 or len(labels) < 2 or not all(LABEL.match(x) for x in labels):
        return None
    return v


def canon(t, v):
    v = v.strip(" \t\r\n")
    if not v or any(c in v for c in " \t\r\n") or not v.isascii():
        return None
    try:
        if t in ("ipv4", "ipv6"):
            a = ipaddress.ip_address(v)
            return ("ipv4" if a.version == 4 else "ipv6", str(a)) \
                if (a.version == 4) == (t == "ipv4") else None
        if t == "cidr":
            n = ipaddress.ip_network(v, strict=True)
            return ("cidr", str(n))
    except ValueError:
        return None
    if t == "domain":
        d = domain(v)
        return ("domain", d) if d else None
    if t == "email":
        local, at, d = v.rpartition("@")
        d = domain(d) if at and local else None
        return ("email", local + "@" + d) if d else None
    if t == "url":
        return ("url", v) if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$", v) else None
    if t in ("md5", "sha1", "sha256"):
        n = {"md5": 32, "sha1": 40, "sha256": 64}[t]
        return (t, v.lower()) if len(v) == n and re.match("^[0-9a-fA-F]+$", v) else None
    return None


def add(t, v):
    c = canon(t, v or "")
    if c:
        found.add(c)


def address(e):
    t = ADDRESS.get(e.get("category", "ipv6-addr"))
    if t:
        add(t, e.text)


def domaindata(e):
    n = e.find(NS + "Name")
    if n is not None:
        add("domain", n.text)


def emaildata(e):
    for f in e.findall(NS + "EmailFrom"):
        add("email", f.text)


def filedata(e):
    for hd in e.findall(NS + "File/" + NS + "HashData"):
        if hd.get("scope") != "file-contents":
            continue
        for h in hd.findall(NS + "Hash"):
            m, v = h.find(DS + "DigestMethod"), h.find(DS + "DigestValue")
            if m is None or v is None or m.get("Algorithm") not in DIGEST:
                continue
            t, n = DIGEST[m.get("Algorithm")]
            try:
                b = base64.b64decode("".join((v.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                continue
            if len(b) == n:
                add(t, b.hex())


def bulk(e):
    ty, ext = e.get("type"), e.get("ext-type")
    lst = e.find(NS + "BulkObservableList")
    if lst is None:
        return
    t = BULK.get(ty)
    if ty == "ext-value" and ext == "fqdn":
        t = "domain"
    for line in (lst.text or "").split("\n"):
        line = line.strip(" \t\r")
        if not line:
            continue
        if ty == "file-hash":
            t = {32: "md5", 40: "sha1", 64: "sha256"}.get(len(line))
        if t:
            add(t, line)


def system(e, any_category):
    if not any_category and e.get("category") not in ("source", "intermediate"):
        return
    for n in e.findall(NS + "Node"):
        for a in n:
            if a.tag == NS + "Address":
                address(a)
            elif a.tag == NS + "DomainData":
                domaindata(a)
    for s in e.findall(NS + "Service"):
        for m in s.findall(NS + "EmailData"):
            emaildata(m)


def recorddata(e):
    for f in e.findall(NS + "FileData"):
        filedata(f)


def eventdata(e):
    for c in e:
        if c.tag == NS + "Flow":
            for s in c.findall(NS + "System"):
                system(s, False)
        elif c.tag == NS + "Record":
            for r in c.findall(NS + "RecordData"):
                recorddata(r)
        elif c.tag == NS + "EventData":
            eventdata(c)


def item(c):
    tag = c.tag[len(NS):] if c.tag.startswith(NS) else None
    {"Address": address, "DomainData": domaindata, "EmailData": emaildata,
     "FileData": filedata, "BulkObservable": bulk,
     "System": lambda x: system(x, True),
     "Service": lambda x: [emaildata(m) for m in x.findall(NS + "EmailData")],
     "RecordData": recorddata, "EventData": eventdata}.get(tag, lambda x: None)(c)


def terms(e, ids):
    for c in e:
        if c.tag == NS + "Observable":
            for o in c:
                item(o)
        elif c.tag == NS + "ObservableReference":
            t = ids.get(c.get("uid-ref"))
            if t is not None:
                item(t)
        elif c.tag == NS + "IndicatorExpression":
            op = c.get("operator", "and")
            n = sum(1 for x in c if x.tag in (NS + "IndicatorExpression",
                    NS + "Observable", NS + "ObservableReference", NS + "IndicatorReference"))
            if op == "or" or (op == "and" and n <= 1):
                terms(c, ids)


def main():
    root = ET.parse(sys.argv[1]).getroot()
    if root.tag != NS + "IODEF-Document":
        sys.exit("ref_iodef: not an IODEF v2 document")
    ids = {e.get("observable-id"): e for e in root.iter() if e.get("observable-id")}
    for inc in root.findall(NS + "Incident"):
        for ev in inc.findall(NS + "EventData"):
            eventdata(ev)
        for ind in inc.findall(NS + "IndicatorData/" + NS + "Indicator"):
            terms(ind, ids)
    for t, v in sorted(found):
        print(t, v)


main()
