#!/usr/bin/env python3
"""Check a hotline report bundle by hand, without hotline.

A second, independent implementation of what `hotline verify` does, in
Python's standard library plus the `openssl` command (3.0 or later) for
Ed25519: an auditor can read every line of it in a few minutes. It checks

  1. each card's self-signature, and prints each key so it can be
     compared with the key the party published;
  2. each checkpoint's signature by the log's key, and each peer's
     cosignature on it;
  3. that the leaves hash (RFC 9162) to the root of every checkpoint;
  4. each receipt's signature by the peer, and that it says what the
     "delivered" (or "redelivered") leaf says it says;
  5. the request counts of the report, recounted from the leaves, with
     the receiver's time starting at its receipt (PROTOCOL.md, "Clock").

Usage: check_bundle.py BUNDLE. Exit status 0 if everything holds.
See docs/AUDIT.md.
"""
import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

SPKI_ED25519 = bytes.fromhex("302a300506032b6570032100")


def fail(what):
    print("FAILED: " + what)
    sys.exit(1)


def ed25519_ok(public_key, message, signature):
    """Ed25519 with the openssl command: True if signature verifies."""
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, data in (("key.der", SPKI_ED25519 + public_key),
                           ("msg", message), ("sig", signature)):
            paths[name] = os.path.join(d, name)
            with open(paths[name], "wb") as f:
                f.write(data)
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin",
                            "-keyform", "DER", "-inkey", paths["key.der"],
                            "-rawin", "-in", paths["msg"],
                            "-sigfile", paths["sig"]],
                           capture_output=True)
        return r.returncode == 0


def canonical(obj):
    """RFC 8785 for what hotline signs: sorted keys, no spaces, and
    integers only, which json.dumps spells as JCS does."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def key_of(vkey):
    """name, key id, public key of a signed-note verifier key."""
    name, keyid, b64 = vkey.split("+", 2)    # base64 may hold "+"
    raw = base64.b64decode(b64)
    if raw[0] != 1 or len(raw) != 33:
        fail("not an Ed25519 verifier key: " + vkey)
    return name, bytes.fromhex(keyid), raw[1:]


def check_card(text):
    """party, [(name, key id, public key, until)]: the current key
    (until None) and, for version 2, every key it retired (until: a
    rotated key's grace's end, a revoked key's since)."""
    card = json.loads(text)
    name, keyid, pk = key_of(card["key"])
    keys = [(name, keyid, pk, None)]
    sig = base64.b64decode(card.pop("sig"))
    if card.get("v", 1) == 2:
        # Signed by the party's offline identity key, which it names.
        _, _, signer = key_of(card["identity"])
        domain = b"hotline/card/v2\n"
        for e in card.get("retired", []):
            if "key" in e:
                n, k, p = key_of(e["key"])
                keys.append((n, k, p, when(e["until"])))
    else:
        signer, domain = pk, b"hotline/card/v1\n"
    if not ed25519_ok(signer, domain + canonical(card), sig):
        fail("the card of %s is not signed by its %s key" % (card["party"],
             "identity" if card.get("v", 1) == 2 else "own"))
    return card["party"], keys


def check_note(text, keys):
    """The text, and {name: (time or None)} of the signatures that
    verify: None for a signature, the time for a cosignature; and
    [(name, time, until)] of those by a key past its until (flagged).
    keys: {(name, key id): (public key, until)}."""
    body, _, sigs = text.partition("\n\n")
    body += "\n"
    good, late = {}, []
    for line in sigs.splitlines():
        if not line.startswith("\u2014 "):
            continue
        name, b64 = line[2:].rsplit(" ", 1)
        blob = base64.b64decode(b64)
        if (name, blob[:4]) not in keys:
            continue
        pk, until = keys[(name, blob[:4])]
        if len(blob) == 68:     # key id, signature
            if not ed25519_ok(pk, body.encode(), blob[4:]):
                fail("the signature by %s does not verify" % name)
            good[name] = None
        elif len(blob) == 76:   # key id, time, cosignature
            t = struct.unpack(">Q", blob[4:12])[0]
            msg = ("cosignature/v1\ntime %d\n" % t + body).encode()
            if not ed25519_ok(pk, msg, blob[12:]):
                fail("the cosignature by %s does not verify" % name)
            if good.get(name, 0) is not None:
                good[name] = t
            if until is not None and t >= until:
                late.append((name, t, until))
    return body, good, late


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def root(hashes):
    """RFC 9162 2.1.1: split at the largest power of two below n."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return hashlib.sha256(b"\x01" + root(hashes[:k]) +
                          root(hashes[k:])).digest()


def when(s):
    return int(datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=timezone.utc).timestamp())


def main():
    b = json.load(open(sys.argv[1], encoding="utf-8"))
    party = b["party"]
    keys, pks = {}, {}
    flagged = 0
    for text in b["cards"]:
        who, ks = check_card(text)
        for name, keyid, pk, until in ks:
            keys[(name, keyid)] = (pk, until)
            pks.setdefault(who, []).append((pk, until))
            print("card      %s  key %s%s" % (who,
                  base64.b64encode(pk).decode(),
                  "" if until is None else "  (retired)"))
    log = "hotline/" + party
    hashes = [leaf_hash(l.encode()) for l in b["leaves"]]
    for text in b["checkpoints"]:
        body, good, late = check_note(text, keys)
        for name, t, until in late:
            print("flagged   a cosignature by %s at %d, past its key's "
                  "until %d" % (name, t, until))
            flagged += 1
        if good.get(log, 0) is not None:
            fail("a checkpoint not signed by " + log)
        origin, size, r64 = body.splitlines()[:3]
        size = int(size)
        if origin != log or size > len(hashes):
            fail("a checkpoint of another log, or past the leaves")
        if root(hashes[:size]) != base64.b64decode(r64):
            fail("the leaves do not make the root of checkpoint %d" % size)
        cosigners = sorted(n for n, t in good.items() if t is not None)
        print("checkpoint %d: root matches, cosigned by %s" %
              (size, ", ".join(cosigners) or "nobody"))
    leaves = [json.loads(l) for l in b["leaves"]]
    receipts = iter(b["receipts"])
    # A "redelivered" leaf carries a second receipt for a message: the
    # receiver asked for it again after receipting it (rolled back or
    # forked). It is checked like the first; counts use the first only.
    for i, l in enumerate(leaves):
        if l["event"] not in ("delivered", "redelivered"):
            continue
        rc = json.loads(next(receipts))
        sig = base64.b64decode(rc.pop("sig"))
        by = [u for pk, u in pks.get(rc["by"], [])
              if ed25519_ok(pk, b"hotline/receipt/v1\n" + canonical(rc),
                            sig)]
        if not by:
            fail("the receipt for leaf %d is not signed by %s" %
                 (i, rc["by"]))
        if by[0] is not None and when(rc["at"]) >= by[0]:
            print("flagged   the receipt for leaf %d: signed by a key of "
                  "%s past its until" % (i, rc["by"]))
            flagged += 1
        want = l["receipt"]
        if (rc["msg"], rc["by"], rc["leaf"], rc["at"]) != \
                (l["msg"]["id"], want["by"], want["leaf"], want["at"]):
            fail("the receipt for leaf %d says something else" % i)
    print("receipts  %d, all signed and matching their leaves" %
          sum(1 for l in leaves
              if l["event"] in ("delivered", "redelivered")))

    # The request counts, per peer and direction, recounted.
    # receipt_at: when the receiver stored each message, by its own
    # clock: the "received" leaf's time in the receiver's log, the
    # receipt's time in the sender's "delivered" leaf. The first counts.
    msgs, delivered, receipt_at = {}, set(), {}
    for l in leaves:
        if l["event"] in ("card", "peer-card"):
            continue    # a card's new version: no message to count
        m = l["msg"]
        if l["event"] == "delivered":
            delivered.add(m["id"])
            got = when(l["receipt"]["at"])
        elif l["event"] in ("queued", "received"):
            msgs.setdefault(m["id"], m)
            got = when(l["at"]) if l["event"] == "received" else None
        else:
            continue
        if got is not None:
            receipt_at[m["id"]] = min(got, receipt_at.get(m["id"], got))
    first = {}
    for m in msgs.values():
        ref = (m.get("refs") or [None])[0]
        q = msgs.get(ref)
        if m["type"] == "response" and q and q["type"] == "request" \
                and m["from"] == q["to"]:
            if ref not in first or when(m["created"]) < when(
                    first[ref]["created"]):
                first[ref] = m
    f = b["report"]["filter"]
    counts = {}
    for m in msgs.values():
        if m["type"] != "request" or party not in (m["from"], m["to"]):
            continue
        out = m["from"] == party
        peer = m["to"] if out else m["from"]
        t = when(m["created"])
        if (f["peer"] and peer != f["peer"]) or \
                (f["since"] and t < when(f["since"])) or \
                (f["until"] and t >= when(f["until"])):
            continue
        c = counts.setdefault((peer, "out" if out else "in"),
                              {"requests": 0, "delivered": 0,
                               "answered_in_time": 0, "answered_late": 0})
        c["requests"] += 1
        c["delivered"] += 1 if (not out or m["id"] in delivered) else 0
        a = first.get(m["id"])
        if a:
            # The receiver has deadline - created from its receipt (or
            # from created, if that is later), and an answer counts as
            # given no earlier than that start.
            start = max(t, receipt_at.get(m["id"], t))
            late = "deadline" in m and max(when(a["created"]), start) > \
                start + when(m["deadline"]) - t
            c["answered_late" if late else "answered_in_time"] += 1
    for row in b["report"]["peers"]:
        for d in ("out", "in"):
            mine = counts.get((row["peer"], d), {})
            for k in ("requests", "delivered", "answered_in_time",
                      "answered_late"):
                if row[d][k] != mine.get(k, 0):
                    fail("report: %s %s %s is %d, the leaves say %d" %
                         (row["peer"], d, k, row[d][k], mine.get(k, 0)))
    # The contact checks this node sent, per peer, recounted: a check is
    # acknowledged by the first contact-ack its receiver sent back for
    # it; the ack counts no earlier than the check's start (as an
    # answer does), and a check unacknowledged whose due time (its
    # deadline, counted from the start) is at or before the last leaf's
    # time went unacknowledged late.
    acks = {}
    for m in msgs.values():
        ref = (m.get("refs") or [None])[0]
        q = msgs.get(ref)
        if m["type"] == "contact-ack" and q and \
                q["type"] == "contact-check" and m["from"] == q["to"] \
                and m["to"] == q["from"]:
            if ref not in acks or when(m["created"]) < when(
                    acks[ref]["created"]):
                acks[ref] = m
    as_of = max([when(l["at"]) for l in leaves] or [0])
    contact = {}
    for m in msgs.values():
        if m["type"] != "contact-check" or m["from"] != party:
            continue
        peer, t = m["to"], when(m["created"])
        if (f["peer"] and peer != f["peer"]) or \
                (f["since"] and t < when(f["since"])) or \
                (f["until"] and t >= when(f["until"])):
            continue
        c = contact.setdefault(peer, {"checks": 0, "acked": 0,
                                      "unacked_late": 0, "last": 0})
        c["checks"] += 1
        start = max(t, receipt_at.get(m["id"], t))
        a = acks.get(m["id"])
        if a:
            c["acked"] += 1
            c["last"] = max(c["last"], when(a["created"]), start)
        elif "deadline" in m and \
                start + when(m["deadline"]) - t <= as_of:
            c["unacked_late"] += 1
    for row in b["report"]["peers"]:
        mine = contact.get(row["peer"], {"checks": 0, "acked": 0,
                                         "unacked_late": 0, "last": 0})
        # A bundle from before contact checks has no member, and no checks.
        theirs = row.get("contact", {"checks": 0, "acked": 0,
                                     "unacked_late": 0, "last": None})
        last = mine["last"]
        mine = dict(mine, last=datetime.fromtimestamp(last, timezone.utc)
                    .strftime("%Y-%m-%dT%H:%M:%SZ") if last else None)
        for k in ("checks", "acked", "unacked_late", "last"):
            if theirs.get(k) != mine[k]:
                fail("report: %s contact %s is %s, the leaves say %s" %
                     (row["peer"], k, theirs.get(k), mine[k]))
    print("report    contact checks recounted: they match")
    print("report    request counts recounted: they match")
    # What a retired key signed late verifies, but is the party's word
    # that it may not be its own: exit 4, as hotline verify does.
    print("OK" if flagged == 0 else "OK, with %d flagged" % flagged)
    if flagged:
        sys.exit(4)


if __name__ == "__main__":
    main()
