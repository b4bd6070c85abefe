#!/bin/sh
# hotline taxii user add|list|remove: what each prints and exits with,
# what the table holds (an Argon2id string, never the password), and
# each refusal naming the user.
. "$(dirname "$0")/taxii_lib.sh"

fixture aa
D="--dir $T/aa"

expect "--help" 0 '*' '' -- taxii --help
expect "add --help" 0 '*' '' -- taxii user add --help
check "add --help: the levels" grep -q 'clear, green, amber, amber+strict or red' "$T/out"
expect "list --help" 0 "usage: hotline taxii user list [--json] [--dir DIR]" '' -- taxii user list --help
expect "remove --help" 0 "usage: hotline taxii user remove NAME [--dir DIR]" '' -- taxii user remove --help
expect "no subcommand" 2 '' '*' -- taxii
expect "not user" 2 '' '*' -- taxii group list
expect "add without --clearance" 2 '' '*' -- taxii user add misp $D
expect "--cert and --pin" 2 '' '*' -- taxii user add misp --clearance red --cert a --pin b $D
expect "list takes no --clearance" 2 '' '*' -- taxii user list --clearance red $D

printf 'correct horse\n' >"$T/pw"
expect "add from stdin" 0 'added misp (amber), a password' '' -- taxii user add misp --clearance TLP:AMBER --password-stdin $D <"$T/pw"
check "the table holds an Argon2id string" [ "$(sql "$T/aa" "SELECT clearance, pwhash LIKE '\$argon2id\$v=19\$m=65536,t=2,p=1\$%', pin IS NULL FROM taxii_users WHERE name = 'misp'")" = "amber|1|1" ]
check "and never the password" [ "$(sql "$T/aa" "SELECT count(*) FROM taxii_users WHERE instr(pwhash, 'horse') > 0")" = 0 ]
expect "the same name again" 1 '' 'hotline taxii user add: misp: already a user (remove it first to change it)' -- \
    taxii user add misp --clearance red --password-stdin $D <"$T/pw"
expect "no terminal, no --password-stdin" 1 '' 'hotline taxii user add: x: no terminal to ask a password on: give --password-stdin, or --cert or --pin' -- \
    taxii user add x --clearance green $D </dev/null
printf '\n' >"$T/empty"
expect "an empty password" 1 '' 'hotline taxii user add: x: an empty password' -- taxii user add x --clearance green --password-stdin $D <"$T/empty"
python3 -c 'print("p" * 129)' >"$T/long"
expect "a password too long" 1 '' 'hotline taxii user add: x: a password is at most 128 bytes on one line' -- \
    taxii user add x --clearance green --password-stdin $D <"$T/long"
expect "a bad level" 2 '' "hotline taxii user add: x: --clearance 'blue': not one of clear, green, amber, amber+strict, red" -- \
    taxii user add x --clearance blue --password-stdin $D <"$T/pw"
expect "a bad name" 2 '' "hotline taxii user add: 'X Y': not a user name ([a-z0-9._-], 1 to 64)" -- \
    taxii user add 'X Y' --clearance green --password-stdin $D <"$T/pw"
expect "a bad pin" 2 '' "hotline taxii user add: x: --pin 'sha256//x': not a pin (sha256//BASE64, as hotline id shows tls_pin)" -- \
    taxii user add x --clearance green --pin sha256//x $D
expect "a certificate not there" 1 '' '*' -- taxii user add x --clearance green --cert "$T/none.pem" $D
check "nothing added by the refusals" [ "$(sql "$T/aa" "SELECT count(*) FROM taxii_users")" = 1 ]

# By pin: no password asked; a pin once.
PIN=$(json 'd["tls_pin"]' <"$T/aa.card")
expect "add by pin" 0 "added cti (green), pin $PIN" '' -- taxii user add cti --clearance green --pin "$PIN" $D
expect "add by the same pin" 1 '' "hotline taxii user add: cti2: $PIN is the pin of user cti already" -- \
    taxii user add cti2 --clearance red --pin "$PIN" $D
expect "a certificate whose pin is taken" 1 '' "hotline taxii user add: both: $PIN is the pin of user cti already" -- \
    taxii user add both --clearance amber+strict --password-stdin --cert "$T/aa/tls.crt" $D <"$T/pw"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/c.key" -out "$T/c.crt" -subj /CN=c -days 30 2>/dev/null
# The pin as curl computes it: SHA-256 of the public key's DER, base64.
CPIN=sha256//$(openssl x509 -in "$T/c.crt" -pubkey -noout | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64)
expect "add by certificate, with a password" 0 "added both (amber+strict), a password, pin $CPIN" '' -- \
    taxii user add both --clearance amber+strict --password-stdin --cert "$T/c.crt" $D <"$T/pw"
expect "add another by password" 0 "added red (red), a password" '' -- taxii user add red --clearance red --password-stdin $D <"$T/pw"

expect "list" 0 '*' '' -- taxii user list $D
check "list: a line each and a head" [ "$(wc -l <"$T/out")" = 5 ]
check "list: no hash" [ "$(grep -c argon2 "$T/out")" = 0 ]
check "list: cti's line" [ "$(awk '$1 == "cti" {print $2, $3, $4}' "$T/out")" = "green no $PIN" ]
check "list: misp's line" [ "$(awk '$1 == "misp" {print $2, $3, $4}' "$T/out")" = "amber yes -" ]
expect "list --json" 0 '*' '' -- taxii user list --json $D
check "list --json: names, clearances, password, pin" [ "$(json '[(u["name"], u["clearance"], u["password"], u["pin"] is None) for u in d]' <"$T/out")" = \
    "[('both', 'amber+strict', True, False), ('cti', 'green', False, False), ('misp', 'amber', True, True), ('red', 'red', True, True)]" ]
check "list --json: no hash" [ "$(grep -c argon2 "$T/out")" = 0 ]

# On a terminal: asked twice, echo off before each prompt, nothing echoed.
# tty NAME ANSWER1 ANSWER2: add NAME at a terminal (a pty), answering
# each prompt once it shows; prints the exit code and what the terminal
# showed.
tty() {
	python3 - "$HOTLINE" "$T/aa" "$@" <<'PY'
import os, pty, select, sys
h, d, name, a1, a2 = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    os.execv(h, [h, "taxii", "user", "add", name, "--clearance", "green", "--dir", d])
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
    "0 'Password: \\nAgain: \\nadded tty1 (green), a password\\n'" ]
check "a terminal: two passwords that differ" [ "$(tty tty2 'typed secret' 'typed secreT')" = \
    "1 'Password: \\nAgain: \\nhotline taxii user add: tty2: the two passwords differ\\n'" ]
check "a terminal: an empty one" [ "$(tty tty3 '' '')" = \
    "1 'Password: \\nAgain: \\nhotline taxii user add: tty3: an empty password\\n'" ]
check "a terminal: only tty1 added, with a hash" [ "$(sql "$T/aa" "SELECT group_concat(name) FROM taxii_users WHERE name LIKE 'tty%' AND pwhash LIKE '\$argon2id\$%'")" = tty1 ]
expect "remove tty1" 0 'removed tty1' '' -- taxii user remove tty1 $D

expect "remove" 0 'removed cti' '' -- taxii user remove cti $D
expect "remove again" 1 '' 'hotline taxii user remove: cti: no such user' -- taxii user remove cti $D
expect "remove with --json" 2 '' '*' -- taxii user remove misp --json $D
check "three left" [ "$(sql "$T/aa" "SELECT group_concat(name) FROM (SELECT name FROM taxii_users ORDER BY name)")" = "both,misp,red" ]
finish
