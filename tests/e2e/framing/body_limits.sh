#!/bin/sh
# A body over its limit is refused from its Content-Length, before it is
# sent.
. "$(dirname "$0")/framing.sh"

REQ="${M}${H}Content-Type: application/json\r\nContent-Length: 1048577\r\n\r\n"
raw "a body over 1 MiB, refused before it is sent" "413 $P:too-large 1 application/problem+json"
REQ="${M}${H}Content-Type: application/x-ndjson\r\nContent-Length: 4194305\r\n\r\n"
raw "a batch over 4 MiB, refused before it is sent" "413 $P:too-large 1 application/problem+json"
nothing_stored
finish
