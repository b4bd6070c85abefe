#!/bin/sh
# The LOGs: a missing file, a directory and a gzip stream cut short are
# named and the rest still read (exit 1); a binary file is named and
# skipped (exit 0); .gz is read as its text; globs the shell left alone
# are expanded, in order; - is standard input.
. "$(dirname "$0")/match.sh"

hits() { printf '%s\n' "$out" | grep -c '^203\.0\.113\.7 '; }
run match --indicators "$T/list.txt" "$T/none.log" "$T/auth.log"
check "a missing file: named, the next one read, exit 1" [ "$rc:$err:$(hits)" = \
    "1:hotline match: $T/none.log: No such file or directory:1" ]
check "and its provenance line says so" [ "$(printf '%s\n' "$out" | grep "^input     $T/none.log")" = \
    "input     $T/none.log: not read: No such file or directory" ]
mkdir "$T/logs"
run match --indicators "$T/list.txt" "$T/logs" "$T/auth.log"
check "a directory: named, exit 1" [ "$rc:$err:$(hits)" = "1:hotline match: $T/logs: is a directory:1" ]
run match --indicators "$T/list.txt" --json "$T/logs" "$T/auth.log"
check "--json: the failed file's error" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; f=json.load(sys.stdin)["provenance"]["files"]; print([(x["path"][-4:], x.get("error")) for x in f])')" = \
    "1:[('logs', 'is a directory'), ('.log', None)]" ]
run match --indicators "$T/list.txt" --json --since all "$T/logs" "$T/auth.log"
check "a file after one not read is named in where as itself" [ "$(printf '%s' "$out" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["findings"][0]["where"][0].rsplit(":", 1)[0])')" = "$T/auth.log" ]
cp "$T/auth.log" "$T/a[1].log"
cp "$T/web.log" "$T/a1.log"
run match --indicators "$T/list.txt" "$T/a1.log" "$T/a[1].log"
check "a name the shell expanded is a file, not a pattern" [ "$rc:$(printf '%s\n' "$out" | grep '^input' | cut -d' ' -f6)" = \
    "0:$T/a1.log
$T/a[1].log" ]
printf '203.0.113.7\0\001\002' >"$T/bin"
run match --indicators "$T/list.txt" "$T/bin" "$T/auth.log"
check "a binary file: named, skipped, exit 0" [ "$rc:$err:$(hits)" = "0:hotline match: $T/bin: a binary file: skipped:1" ]
check "and its provenance line says so" [ "$(printf '%s\n' "$out" | grep "^input     $T/bin")" = \
    "input     $T/bin (binary, 14 bytes, sha256 $(sha "$T/bin")): skipped" ]
gzip -c "$T/auth.log" >"$T/auth.log.gz"
run match --indicators "$T/list.txt" "$T/auth.log.gz"
check ".gz: read as its text, hashed as stored" [ "$rc:$(hits):$(printf '%s\n' "$out" | grep -c "^input     $T/auth.log.gz (auth, $(size "$T/auth.log.gz") bytes, sha256 $(sha "$T/auth.log.gz")): 2 lines, 2 events$")" = "0:1:1" ]
head -c 40 "$T/auth.log.gz" >"$T/cut.gz"
run match --indicators "$T/list.txt" "$T/cut.gz" "$T/auth.log"
check "a gzip stream cut short: named, the rest read, exit 1" [ "$rc:$err:$(hits)" = \
    "1:hotline match: $T/cut.gz: truncated or corrupt gzip data after line 0:1" ]
cp "$T/auth.log" "$T/logs/b.log"
cp "$T/auth.log" "$T/logs/a.log"
cp "$T/web.log" "$T/logs/c.txt"
run match --indicators "$T/list.txt" "$T/logs/*.log"
check "a glob the shell left alone: expanded here, sorted" [ "$rc:$(printf '%s\n' "$out" | grep '^input' | cut -d' ' -f6)" = \
    "0:$T/logs/a.log
$T/logs/b.log" ]
check "the indicator counted once per event over both" [ "$(printf '%s\n' "$out" | grep '^203\.0\.113\.7 ' | tr -s ' ' | cut -d' ' -f3)" = 2 ]
run match --indicators "$T/list.txt" "$T/logs/*.gz" "$T/auth.log"
check "a glob that matches nothing: named, exit 1" [ "$rc:$err:$(hits)" = \
    "1:hotline match: $T/logs/*.gz: No such file or directory:1" ]
run match --indicators "$T/list.txt" - <"$T/auth.log"
check "- is standard input" [ "$rc:$(hits):$(printf '%s\n' "$out" | grep '^input')" = \
    "0:1:input     - (auth, standard input): 2 lines, 2 events" ]
check "and named - where it was seen" [ "$(printf '%s\n' "$out" | grep '^203\.0\.113\.7 ' | grep -c ' -:1 ')" = 1 ]
finish
