#!/bin/sh
# A body of a media type the endpoint does not take: 415.
. "$(dirname "$0")/framing.sh"

REQ="${M}${H}Content-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "an envelope without Content-Type" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="${M}${H}Content-Type: text/plain\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "an envelope as text/plain" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="${M}${H}Content-Type: application/jsonx\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "an envelope as application/jsonx" "415 $P:unsupported-media-type 1 application/problem+json"
# A type whose quote in the detail would split a UTF-8 character.
REQ="${M}${H}Content-Type: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\303\251\351\r\nContent-Length: $LEN\r\n\r\n$(cat "$T/msg")"
raw "a Content-Type of bytes past ASCII" "415 $P:unsupported-media-type 1 application/problem+json"
REQ="POST /v1/cosign HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
raw "a cosign body as JSON" "415 $P:unsupported-media-type 1 application/problem+json"
nothing_stored
finish
