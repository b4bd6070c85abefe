#!/bin/sh
# Usage and help: exact exit codes; getopt's own complaints carry the
# prefix of every other error.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fixture.sh"

expect "no command" 2 '' '*' --
expect "unknown command" 2 '' \
    "hotline: 'frobnicate' is not a command; see 'hotline --help'" -- frobnicate
expect "version" 0 "hotline 0.1.0" '' -- --version
run --help
check "help lists commands" [ "$(printf '%s\n' "$out" | grep -c '^  [a-z]')" = 35 ]
for c in init id send reply withdraw ping outbox inbox show accept check canon log note proof alarm status report review verify origins serve taxii demo; do
	run "$c" --help
	check "$c --help" [ "$rc" = 0 ]
	check "$c --help usage" [ "$(printf '%s' "$out" | head -c 15)" = \
	    "usage: hotline " ]
done
run peer --help
check "peer --help" [ "$rc" = 0 ]
expect "bad option" 2 '' '*' -- outbox --bogus
run log --bogus
check "an unknown option: exit 2" [ "$rc" = 2 ]
check "an unknown option: named as every error is" [ "$(printf '%s\n' "$err" | head -1)" = "hotline log: unrecognized option '--bogus'" ]
finish
