#!/bin/sh
# Field lines an intermediary could read another way: refused.
. "$(dirname "$0")/framing.sh"

REQ="GET /v1/ping HTTP/1.1\r\n${H}X-A: b\r\n c\r\n\r\n"
raw "obs-fold" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}X-A : b\r\n\r\n"
raw "a space before the colon" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}X-A: b\001c\r\n\r\n"
raw "a control character in a value" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}Host: cc\r\n\r\n"
raw "two Host fields" "400 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}Expect: 200-ok\r\n\r\n"
raw "an unknown expectation" "417 $P:bad-framing 1 application/problem+json"
REQ="GET /v1/ping HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nabc"
raw "a GET with a body" "400 $P:bad-framing 1 application/problem+json"
nothing_stored
finish
