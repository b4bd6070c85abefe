#!/bin/sh
# A Content-Length that is not one plain number, or none on a POST:
# refused, answered once.
. "$(dirname "$0")/framing.sh"

REQ="${M}${H}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n"
raw "a Content-Length that is not a number" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n"
raw "a negative Content-Length, answered once" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: +5\r\n\r\n12345"
raw "a signed Content-Length" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n12345"
raw "two Content-Length fields" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 5, 5\r\n\r\n12345"
raw "a Content-Length list" "400 $P:bad-framing 1 application/problem+json"
REQ="${M}${H}Content-Type: application/json\r\n\r\n"
raw "a POST without Content-Length" "411 $P:bad-framing 1 application/problem+json"
nothing_stored
finish
