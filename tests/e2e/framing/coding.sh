#!/bin/sh
# Transfer codings are not spoken: refused at once, and logged with the
# problem.
. "$(dirname "$0")/framing.sh"

REQ="${M}${H}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n0\r\n\r\n"
raw "chunked" "501 $P:unsupported-coding 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
raw "gzip, chunked: refused at once" "501 $P:unsupported-coding 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
raw "Content-Length and Transfer-Encoding" "501 $P:unsupported-coding 1 application/problem+json"
nothing_stored
check "bb logged the refusals with their problem" grep -q \
    "refused peer=cert.aa addr=127.0.0.1 problem=unsupported-coding status=501" "$T/bb.log"
finish
