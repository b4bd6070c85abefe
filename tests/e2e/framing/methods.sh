#!/bin/sh
# Methods and paths: each endpoint takes its own method, says which in
# Allow, and the connection serves on after a 405; an unknown path 404.
. "$(dirname "$0")/framing.sh"

REQ="BREW /v1/ping HTTP/1.1\r\n${H}\r\n"
raw "an unknown method" "405 $P:method-not-allowed 1 application/problem+json"
check "an unknown method: Allow names GET and POST" grep -q 'Allow: GET, POST' "$T/out"
REQ="DELETE /v1/messages HTTP/1.1\r\n${H}\r\n"
raw "DELETE" "405 $P:method-not-allowed 1 application/problem+json"
REQ="GET /v1/messages HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "GET on a POST endpoint" "405 $P:method-not-allowed 1 application/problem+json"
check "GET on a POST endpoint: Allow: POST" grep -q 'Allow: POST' "$T/out"
REQ="POST /v1/ping HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 0\r\n\r\nGET /v1/ping HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "POST on a GET endpoint, then a ping on the same connection" "405 $P:method-not-allowed 2 application/problem+json"
check "the ping after the 405 is answered" grep -q '"party":"cert.bb"' "$T/out"
REQ="GET /nothing HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
raw "an unknown path" "404 $P:not-found 1 application/problem+json"
nothing_stored
finish
