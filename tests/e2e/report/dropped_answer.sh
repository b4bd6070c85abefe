#!/bin/sh
# aa says it never got an answer to r1: it drops the leaf that says so
# and recounts. Its own cosigned checkpoint no longer fits; and bb holds
# aa's receipt for that answer, naming aa's leaf: given both bundles,
# verify checks that leaf of aa's log is bb's answer.
. "$(dirname "$0")/story.sh"

story
N=$(sql "$T/aa" 'SELECT max(size) FROM checkpoints')
python3 - "$T/aa.bundle" "$T/bad" "$r1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["leaves"] = [l for l in b["leaves"] if not (json.loads(l)["event"] == "received"
    and json.loads(l)["msg"].get("refs") == [sys.argv[3]])]
json.dump(b, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
PY
refused "an answer dropped from aa's bundle" "leaves: must hold the $N leaves of the head checkpoint, holds $((N - 1))"
expect "aa's and bb's bundles agree" 0 '*' '' -- verify "$T/aa.bundle" "$T/bb.bundle"
finish
