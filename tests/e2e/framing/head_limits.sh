#!/bin/sh
# A head, a field count or a target over its limit: refused with the
# status that names which.
. "$(dirname "$0")/framing.sh"

REQ="GET /v1/ping HTTP/1.1\r\n${H}X-Big: $(head -c 9000 /dev/zero | tr '\0' a)\r\n\r\n"
raw "a head over 8 KiB" "431 $P:too-large 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n$(python3 -c 'print("X-A: b\\r\\n" * 40, end="")')${H}\r\n"
raw "40 field lines" "431 $P:too-large 1 application/problem+json"
REQ="GET /v1/ping?$(head -c 1100 /dev/zero | tr '\0' a) HTTP/1.1\r\n${H}\r\n"
raw "a target over 1 KiB" "414 $P:too-large 1 application/problem+json"
nothing_stored
finish
