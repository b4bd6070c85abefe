#!/bin/sh
# A checkpoint's signature or root changed, its cosignatures removed, or
# the bundle's party renamed: refused, naming the checkpoint.
. "$(dirname "$0")/story.sh"

story
tamper '
lines = b["checkpoints"][0].split("\n")
i = [k for k, l in enumerate(lines) if l.startswith("\u2014 hotline/cert.aa ")][0]
name, sig = lines[i].rsplit(" ", 1)
import base64
raw = bytearray(base64.b64decode(sig)); raw[10] ^= 1
lines[i] = name + " " + base64.b64encode(bytes(raw)).decode()
b["checkpoints"][0] = "\n".join(lines)'
refused "a swapped signature" "checkpoints[0]: the signature by hotline/cert.aa does not verify"
tamper '
lines = b["checkpoints"][0].split("\n")
import base64
lines[2] = base64.b64encode(bytes(32)).decode()
b["checkpoints"][0] = "\n".join(lines)'
refused "a checkpoint's root hash" "checkpoints[0]: the signature by hotline/cert.aa does not verify"
tamper '
b["checkpoints"] = ["\n".join(l for l in c.split("\n") if not l.startswith("\u2014 hotline/cert.bb ")) for c in b["checkpoints"]]'
refused "cosignatures removed" "checkpoints: cert.bb cosigned none of them: nothing shows cert.bb saw this log"
tamper 'b["party"] = "cert.bb"'
refused "another party's name" "checkpoints[0]: a checkpoint of hotline/cert.aa, not of hotline/cert.bb"
finish
