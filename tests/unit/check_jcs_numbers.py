#!/usr/bin/env python3
"""Cross-checks hotline's ECMAScript number formatting (RFC 8785 section
3.2.2.3) against Python: repr() gives the shortest round-trip digits by
David Gay's algorithm, independent of our %.*e search; the ECMAScript
layout rules are applied here from the specification text."""
import struct
import subprocess
import sys
from decimal import Decimal


def es(x):
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    t = Decimal(repr(abs(x))).as_tuple()
    digits = "".join(map(str, t.digits)).rstrip("0") or "0"
    # value = 0.digits * 10^n
    n = len(t.digits) + t.exponent
    k = len(digits)
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + \
            "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + s


def main():
    gen, count, seed = sys.argv[1], sys.argv[2], sys.argv[3]
    out = subprocess.run([gen, count, seed], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    bad = 0
    for line in out:
        bits, ours = line.split()
        x = struct.unpack(">d", bytes.fromhex(bits))[0]
        want = es(x)
        if ours != want:
            bad += 1
            if bad <= 10:
                print(f"{bits}: hotline {ours}, expected {want}")
    print(f"{len(out) - bad} passed, {bad} failed")
    return 1 if bad or len(out) < int(count) // 2 else 0


if __name__ == "__main__":
    sys.exit(main())
