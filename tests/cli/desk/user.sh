#!/bin/sh
# hotline user: operators added, listed, their passwords changed, their
# tokens made and revoked, removed; exact outputs and exit codes; the
# password nowhere in the database but as its $argon2id$ string, a token
# nowhere but as its 32-byte SHA-256.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

pair
D="--dir $A"
PW='correct horse battery'

# Usage: exit 2, nothing done.
expect "no subcommand" 2 '' '*' -- user
expect "an unknown subcommand" 2 '' '*' -- user frob $D
expect "add without --role" 2 '' '*' -- user add alice $D
expect "add with no name" 2 '' '*' -- user add --role viewer $D
expect "an unknown role" 2 '' \
    "hotline user add: alice: --role 'root': not one of viewer, officer, admin" -- \
    user add alice --role root --password-stdin $D
expect "a name that is none" 2 '' \
    "hotline user add: 'Alice': not a user name ([a-z0-9._-], 1 to 64)" -- \
    user add Alice --role viewer --password-stdin $D
expect "--role elsewhere" 2 '' '*' -- user list --role viewer $D
expect "--json elsewhere" 2 '' '*' -- user remove alice --json $D
expect "--label with --revoke" 2 '' '*' -- user token alice --label x --revoke $D
expect "--password-stdin with token" 2 '' '*' -- user token alice --password-stdin $D
run user --help
check "--help: usage on stdout, exit 0" [ "$rc" = 0 ] && \
    check "it names each subcommand" [ "$(printf '%s\n' "$out" | \
    grep -cE 'hotline user (add|list|passwd|token|remove) ')" = 5 ]
run user token --help
check "a subcommand's --help" [ "$rc:$(printf '%s\n' "$out" | head -1)" = \
    "0:usage: hotline user token NAME [--label LABEL | --revoke] [--dir DIR]" ]
check "usage made nobody" [ "$(sql "$A" 'SELECT count(*) FROM users')" = 0 ]

# Passwords: from stdin, or nowhere.
printf '%s\n' "$PW" >"$T/pw"
expect "add" 0 'added alice (officer)' '' -- \
    user add alice --role officer --password-stdin $D <"$T/pw"
expect "add, taken" 1 '' 'hotline user add: alice: already a user' -- \
    user add alice --role viewer --password-stdin $D <"$T/pw"
expect "no terminal, no --password-stdin" 1 '' \
    'hotline user add: bob: no terminal to ask a password on: give --password-stdin' -- \
    user add bob --role viewer $D </dev/null
: >"$T/empty"
expect "an empty password" 1 '' 'hotline user add: bob: an empty password' -- \
    user add bob --role viewer --password-stdin $D <"$T/empty"
head -c 129 /dev/zero | tr '\0' p >"$T/long"
expect "a password too long" 1 '' \
    'hotline user add: bob: a password is at most 128 bytes on one line' -- \
    user add bob --role viewer --password-stdin $D <"$T/long"
printf 'tab\there\n' >"$T/ctl"
expect "a control character" 1 '' \
    'hotline user add: bob: a password is 1 to 128 bytes without control characters' -- \
    user add bob --role viewer --password-stdin $D <"$T/ctl"
printf 'bob pass\r\n' >"$T/crlf"
expect "add bob" 0 'added bob (viewer)' '' -- \
    user add bob --role viewer --password-stdin $D <"$T/crlf"
printf 'root pass\n' | "$HOTLINE" user add root-1 --role admin --password-stdin $D >/dev/null
check "each password as Argon2id, and only so" \
    [ "$(sql "$A" "SELECT count(*) FROM users WHERE pwhash GLOB '\$argon2id\$v=19\$m=65536,t=2,p=1\$*'")" = 3 ]
check "the password is in no file of the database" \
    [ "$(cat "$A"/hotline.db* | grep -acF "$PW")" = 0 ]

# A terminal: asked twice with echo off (the prompt taxii user add uses).
tty() {
	python3 - "$HOTLINE" "$A" "$@" <<'PY'
import os, pty, select, sys
h, d, name, a1, a2 = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    os.execv(h, [h, "user", "add", name, "--role", "viewer", "--dir", d])
out = b""
for prompt, reply in ((b"Password: ", a1), (b"Again: ", a2)):
    while prompt not in out:
        if not select.select([fd], [], [], 60)[0]:
            sys.exit("no prompt " + repr(out))
        try:
            out += os.read(fd, 1024)
        except OSError:
            break
    os.write(fd, reply.encode() + b"\n")
while True:
    try:
        b = os.read(fd, 1024)
    except OSError:
        break
    if not b:
        break
    out += b
st = os.waitpid(pid, 0)[1]
print(os.waitstatus_to_exitcode(st), repr(out.decode().replace("\r", "")))
PY
}
check "a terminal: asked twice, nothing echoed" [ "$(tty tty1 'typed secret' 'typed secret')" = \
    "0 'Password: \\nAgain: \\nadded tty1 (viewer)\\n'" ]
check "a terminal: two passwords that differ" [ "$(tty tty2 'typed secret' 'typed secreT')" = \
    "1 'Password: \\nAgain: \\nhotline user add: tty2: the two passwords differ\\n'" ]
check "a terminal: only tty1 added" [ "$(sql "$A" "SELECT group_concat(name) FROM users WHERE name LIKE 'tty%'")" = tty1 ]
expect "remove tty1" 0 'removed tty1' '' -- user remove tty1 $D

# list: name order, never a hash.
run user list $D
check "list" [ "$rc:$(printf '%s\n' "$out" | cut -c1-52)" = "0:NAME                     ROLE     TOKENS  ADDED
alice                    officer       0  $(date -u +%Y-%m-%d)
bob                      viewer        0  $(date -u +%Y-%m-%d)
root-1                   admin         0  $(date -u +%Y-%m-%d)" ]
run user list --json $D
check "list --json" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
v = json.load(sys.stdin)
print(" ".join("%s:%s:%d:%s" % (u["name"], u["role"], u["tokens"],
    sorted(u)) for u in v["users"]))')" = \
    "alice:officer:0:['added', 'name', 'role', 'tokens'] bob:viewer:0:['added', 'name', 'role', 'tokens'] root-1:admin:0:['added', 'name', 'role', 'tokens']" ]
check "no hash in it" [ "$(printf '%s' "$out" | grep -c argon2)" = 0 ]

# passwd
old=$(sql "$A" "SELECT pwhash FROM users WHERE name = 'bob'")
printf 'new bob\n' >"$T/pw2"
expect "passwd" 0 'changed the password of bob' '' -- \
    user passwd bob --password-stdin $D <"$T/pw2"
check "a new string" [ "$(sql "$A" "SELECT pwhash FROM users WHERE name = 'bob'")" != "$old" ]
expect "passwd, nobody" 1 '' 'hotline user passwd: zed: no such user' -- \
    user passwd zed --password-stdin $D <"$T/pw2"

# token: once on stdout, alone; kept as its SHA-256.
run user token alice --label "nightly report" $D
tok=$out
check "token: exit 0" [ "$rc" = 0 ]
check "token: one line, hlt_ and 43 base64url" \
    [ "$(printf '%s\n' "$tok" | grep -cxE 'hlt_[A-Za-z0-9_-]{43}')" = 1 ]
check "token: what it is, on stderr" \
    [ "$err" = 'hotline user token: alice: a new token, shown this once' ]
check "kept as 32 bytes, its SHA-256" [ "$(sql "$A" "SELECT lower(hex(hash)) || \
    ' ' || length(hash) || ' ' || label FROM user_tokens WHERE name = 'alice'")" = \
    "$(printf '%s' "$tok" | sha256sum | cut -d' ' -f1) 32 nightly report" ]
check "the token is in no file of the database" \
    [ "$(cat "$A"/hotline.db* | grep -acF "${tok#hlt_}")" = 0 ]
run user token alice $D
tok2=$out
check "a second, another" [ "$rc" = 0 ] && check "differs" [ "$tok" != "$tok2" ]
run user list $D
check "list counts them" [ "$(printf '%s\n' "$out" | awk '$1 == "alice" { print $3 }')" = 2 ]
expect "token, nobody" 1 '' 'hotline user token: zed: no such user' -- user token zed $D
expect "a label of control characters" 1 '' \
    "hotline user token: alice: a token's label is at most 64 printable characters" -- \
    user token alice --label "$(printf 'a\tb')" $D
expect "revoke" 0 'revoked 2 tokens of alice' '' -- user token alice --revoke $D
expect "revoke again" 0 'revoked 0 tokens of alice' '' -- user token alice --revoke $D
expect "revoke, nobody" 1 '' 'hotline user token --revoke: zed: no such user' -- \
    user token zed --revoke $D
check "none kept" [ "$(sql "$A" 'SELECT count(*) FROM user_tokens')" = 0 ]

# remove: the user and its tokens.
"$HOTLINE" user token bob $D >/dev/null 2>&1
expect "remove" 0 'removed bob' '' -- user remove bob $D
expect "remove, again" 1 '' 'hotline user remove: bob: no such user' -- user remove bob $D
check "its token went with it" [ "$(sql "$A" "SELECT count(*) FROM user_tokens")" = 0 ]
check "two left" [ "$(sql "$A" "SELECT group_concat(name, ' ') FROM users")" = "alice root-1" ]
finish
