#!/bin/sh
# Invalid indicators: each named with its file, line and why; nothing is
# read without --skip-invalid, and with it the rest are looked for and
# the invalid counted in the provenance.
. "$(dirname "$0")/match.sh"

cat >"$T/bad.txt" <<'LIST'
203.0.113.7
198.51.100.1/24
localhost
203.0.113.7:22
LIST
expect "without --skip-invalid: each named, then exit 1" 1 '' "hotline match: $T/bad.txt:2: host bits set after /24: the network is 198.51.100.0/24
hotline match: $T/bad.txt:3: not an address, network, domain, URL, e-mail address or hash
hotline match: $T/bad.txt:4: an address and a port: write the address alone
hotline match: 3 invalid indicators: fix them or give --skip-invalid" \
    -- match --indicators "$T/bad.txt" "$T/auth.log"
run match --indicators "$T/bad.txt" --skip-invalid "$T/auth.log"
check "with --skip-invalid: named, the rest looked for" [ "$rc:$(printf '%s\n' "$err" | wc -l):$(line 2 | cut -c1-17)" = "0:3:203.0.113.7  ipv4" ]
check "and counted in the provenance" [ "$(printf '%s\n' "$out" | tail -2 | head -1)" = \
    "indicators 1 from $T/bad.txt (list), 3 invalid skipped" ]
run match --indicators "$T/bad.txt" --skip-invalid --json "$T/auth.log"
check "--json counts them too" [ "$rc:$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["indicators"])')" = \
    "0:{'source': '$T/bad.txt', 'from': 'list', 'count': 1, 'invalid': 3, 'repeats': 0}" ]
printf 'localhost\n' >"$T/only.txt"
expect "all invalid, skipped: nothing left is an error" 1 '' "hotline match: $T/only.txt:1: not an address, network, domain, URL, e-mail address or hash
hotline match: $T/only.txt: no indicators to look for" \
    -- match --indicators "$T/only.txt" --skip-invalid "$T/auth.log"
cat >"$T/bad.json" <<'JSON'
{"indicators": [{"type": "ipv4", "value": "203.0.113.7"},
                {"type": "ipv6", "value": "2001:DB8::1"},
                {"type": "hostname", "value": "a.example"}]}
JSON
expect "a body's invalid entries, by index" 1 '' "hotline match: $T/bad.json: indicators[1].value: not in canonical form; write 2001:db8::1
hotline match: $T/bad.json: indicators[2].type: must be one of: ipv4, ipv6, cidr, domain, url, email, md5, sha1, sha256
hotline match: 2 invalid indicators: fix them or give --skip-invalid" \
    -- match --indicators "$T/bad.json" "$T/auth.log"
printf 'ev\033[2Jil.example\n' >"$T/esc.txt"
expect "a control character in a list is escaped where it is named" 1 '' "hotline match: $T/esc.txt:1: control character at byte 2
hotline match: 1 invalid indicator: fix it or give --skip-invalid" \
    -- match --indicators "$T/esc.txt" "$T/auth.log"
finish
