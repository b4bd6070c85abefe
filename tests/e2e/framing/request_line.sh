#!/bin/sh
# A request line that is not HTTP/1.1's own, or no Host: refused.
. "$(dirname "$0")/framing.sh"

REQ='GET /v1/ping HTTP/1.1\r\nConnection: close\r\n\r\n'
raw "HTTP/1.1 without Host" "400 $P:bad-framing 1 application/problem+json"
REQ='PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'
raw "the HTTP/2 preface" "505 $P:bad-framing 1 application/problem+json"
REQ='GET /v1/ping\r\n\r\n'
raw "a request line without a version" "400 $P:bad-framing 1 application/problem+json"
REQ='GET  /v1/ping HTTP/1.1\r\n\r\n'
raw "a request line with two spaces" "400 $P:bad-framing 1 application/problem+json"
REQ='GET /v1/ping HTTP/1.1\n'"${H}"'\r\n'
raw "a bare LF" "400 $P:bad-framing 1 application/problem+json"
REQ="GET http://bb/v1/ping HTTP/1.1\r\n${H}\r\n"
raw "an absolute-form target" "400 $P:bad-framing 1 application/problem+json"
nothing_stored
finish
