#!/bin/sh
# What a peer wrote reaches stderr and stdout escaped (esc.h): a JSON
# member name with a newline and ESC [2J in `check`'s error, a subject
# with a backslash and a C1 control (U+009B, CSI on some terminals) in
# outbox, inbox and show; --json is JSON (ESC and C1 as \u escapes);
# --raw is the exact bytes, escaped with a warning only on a terminal.
. "$(dirname "$0")/lib.sh"

two_nodes
cat >"$T/body.json" <<'JSON'
{"summary":"x","category":"scanning","severity":"low",
 "observed":{"start":"2026-11-27T10:00:00Z","end":"2026-11-27T11:00:00Z"},
 "indicators":[{"type":"ipv4","value":"198.51.100.7"}],
 "expectations":["investigate"]}
JSON
# A backslash, then U+009B as UTF-8 (c2 9b), then "[2J".
subj=$(printf 'a\\b\302\233[2J')
id=$("$HOTLINE" send --dir "$A" --to cert.bb --type request --deadline 72h \
    --tlp amber --subject "$subj" --body "$T/body.json")
check "sent" [ -n "$id" ]
"$HOTLINE" show --dir "$A" --raw "$id" >"$T/env.json" 2>"$T/raw.err"
check "show --raw to a file: the exact stored bytes" \
    [ "$(sql "$A" "SELECT hex(raw) FROM messages WHERE id = '$id'")" = \
    "$(od -An -v -tx1 "$T/env.json" | tr -d ' \n' | tr a-f A-F)" ]
check "show --raw to a file: no warning" [ ! -s "$T/raw.err" ]

# The envelope with one member more, its name a forged daemon line that
# clears the screen; canonical, so the schema is what refuses it.
python3 - "$T/env.json" "$T/bad.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
e["body"]["x\nhotline serve: received msg=ffff peer=cert.aa\u001b[2J"] = 1
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(e))
PY
"$HOTLINE" canon "$T/bad.json" >"$T/bad.jcs"
expect "check names the member escaped" 1 '' \
    "hotline check: $T/bad.jcs: body.x\\nhotline serve: received msg=ffff peer=cert.aa\\x1b[2J: unknown member" \
    -- check --dir "$B" "$T/bad.jcs"
check "check: no ESC byte" sh -c '! grep -q "$(printf "\033")" "$1"' - "$T/err"
expect "accept names it the same" 1 '' \
    "hotline accept: $T/bad.jcs: body.x\\nhotline serve: received msg=ffff peer=cert.aa\\x1b[2J: unknown member" \
    -- accept --dir "$B" "$T/bad.jcs"
check "nothing stored" [ "$(sql "$B" 'SELECT count(*) FROM messages')" = 0 ]

# The subject, escaped in every text view; the receiver's too.
expect "accept the real one" 0 '*' '' -- accept --dir "$B" "$T/env.json"
esubj='a\\b\xc2\x9b[2J'
run outbox --dir "$A"
check "outbox: the subject escaped" \
    [ "$(printf '%s\n' "$out" | tail -1 | cut -c107-)" = "$esubj" ]
run inbox --dir "$B"
check "inbox: the subject escaped" \
    [ "$(printf '%s\n' "$out" | tail -1 | cut -c107-)" = "$esubj" ]
run show --dir "$B" "$id"
check "show: the subject escaped" \
    [ "$(printf '%s\n' "$out" | grep '^subject')" = "subject   $esubj" ]
check "show: no C1 byte" sh -c '! printf "%s" "$1" | LC_ALL=C grep -q "$(printf "\302\233")"' - "$out"
run show --dir "$B" --json "$id"
check "show --json: JSON, C1 as \\u009B" \
    [ "$(printf '%s\n' "$out" | grep -m1 '"subject"')" = \
    '  "subject": "a\\b\u009B[2J",' ]
check "show --json: no C1 byte" sh -c '! printf "%s" "$1" | LC_ALL=C grep -q "$(printf "\302\233")"' - "$out"

# On a terminal --raw shows the bytes escaped, and says so.
script -qec "\"$HOTLINE\" show --dir \"$B\" --raw $id 2>\"$T/tty.err\"" /dev/null \
    </dev/null >"$T/tty.out"
check "show --raw on a terminal: escaped" \
    grep -q '"subject":"a\\\\\\\\b\\xc2\\x9b\[2J"' "$T/tty.out"
check "show --raw on a terminal: no C1 byte" \
    sh -c '! LC_ALL=C grep -q "$(printf "\302\233")" "$1"' - "$T/tty.out"
check "show --raw on a terminal: warned" [ "$(cat "$T/tty.err")" = \
    "hotline show: stdout is a terminal: control characters and invalid UTF-8 shown escaped; redirect stdout for the exact bytes" ]

# canon is the same: exact bytes to a file, escaped on a terminal.
printf '["a\\u009bb"]' >"$T/c1.json"
"$HOTLINE" canon "$T/c1.json" >"$T/c1.out"
check "canon to a file: the exact bytes, C1 raw" \
    [ "$(od -An -v -tx1 "$T/c1.out" | tr -d ' \n')" = 5b2261c29b62225d ]
script -qec "\"$HOTLINE\" canon \"$T/c1.json\" 2>/dev/null" /dev/null \
    </dev/null >"$T/c1.tty"
check "canon on a terminal: escaped" \
    [ "$(tr -d '\r' <"$T/c1.tty")" = '["a\xc2\x9bb"]' ]

finish
