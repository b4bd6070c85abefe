#!/bin/sh
# Messages through the REST API, end to end: aa's officer sends a
# request to bb with POST /api/v1/messages (the schema's refusals as
# hotline send's, problem+json naming the field); the daemon delivers it
# at once; bb's officer finds it in GET /api/v1/messages and answers
# it finally with POST .../reply; the answer reaches aa, which shows it
# answered; a second final answer is 409 conflict, as hotline reply
# refuses it; bb's GET /api/v1/attention is hotline todo --json at the
# same moment (its "now" aside).
. "$(dirname "$0")/api_lib.sh"

api_pair
operator aa olga officer
operator bb bob officer
start aa
start bb

login aa olga
ssh_request "$T/req.json"
post aa /api/v1/messages "{\"to\":\"cert.bb\",\"type\":\"request\",\"subject\":\"SSH from 203.0.113.7\",\"tlp\":\"green\",\"body\":$(cat "$T/req.json")}"
check "send: 201" [ "$status" = 201 ]
REQ=$(json 'd["id"]' <"$T/body")
check "send: an id of 64 hex digits" sh -c "printf '%s' '$REQ' | grep -Eq '^[0-9a-f]{64}\$'"
check "send: in aa's outbox, green" [ "$(sql "$T/aa" "SELECT type || ' ' || tlp || ' ' || subject FROM messages WHERE id = '$REQ'")" = "request green SSH from 203.0.113.7" ]
post aa /api/v1/messages '{"to":"cert.bb","type":"request","body":{"summary":"no more"}}'
refused "a body the schema refuses" 400 schema
check "the field named" [ "$(json 'd["field"]' <"$T/body")" = body.category ]
post aa /api/v1/messages '{"to":"cert.zz","type":"notice","body":{"kind":"planned-activity","summary":"x"}}'
check "to a party not pinned: refused" [ "$status" = 400 ]
check "to a party not pinned: unknown-peer" [ "$(problem)" = urn:hotline:problem:unknown-peer ]
check "only the one request queued" [ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE dir = 'out' AND type = 'request'")" = 1 ]
wait_for "the request delivered" delivered aa 1
wait_for "bb holds it" sh -c "[ \"\$(sqlite3 '$T/bb/hotline.db' \"SELECT count(*) FROM messages WHERE id = '$REQ'\")\" = 1 ]"

login bb bob
api bb GET '/api/v1/messages?dir=in&type=request'
check "bb's inbox lists it" [ "$(json '" ".join(m["id"] for m in d["messages"])' <"$T/body")" = "$REQ" ]
api bb GET "/api/v1/messages?dir=sideways"
refused "a dir that is neither" 400 invalid

# The queue, through the API and the command line, at one moment.
api bb GET /api/v1/attention
# hotline todo --at the API's own "now": the same queue at the same
# moment, to the second, left_s included.
at=$(json 'd["now"]' <"$T/body")
"$HOTLINE" todo --json --at "$at" --dir "$T/bb" >"$T/todo.json"
same='import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))'
check "the queue holds the request" [ "$(json '" ".join(i["kind"] + ":" + i.get("msg", "") for i in d["items"])' <"$T/body")" = "owed:$REQ" ]
check "GET /api/v1/attention is hotline todo --json" [ "$(python3 -c "$same" "$T/body")" = "$(python3 -c "$same" "$T/todo.json")" ]

post bb "/api/v1/messages/$(printf '%.12s' "$REQ")/reply" '{"final":true,"body":{"summary":"seen here","findings":[{"indicator":{"type":"ipv4","value":"203.0.113.7"},"count":3}]}}'
check "reply: 201" [ "$status" = 201 ]
RESP=$(json 'd["id"]' <"$T/body")
check "reply: final, naming the request" [ "$(sql "$T/bb" "SELECT json_extract(raw, '\$.body.status') || ' ' || json_extract(raw, '\$.refs[0]') FROM messages WHERE id = '$RESP'")" = "final $REQ" ]
wait_for "the answer delivered" delivered bb 1
wait_for "aa holds the answer" state_is aa "$REQ" answered-final
check "the answer reached the requester" [ "$(sql "$T/aa" "SELECT count(*) FROM messages WHERE id = '$RESP' AND dir = 'in'")" = 1 ]
post bb "/api/v1/messages/$REQ/reply" '{"final":true,"body":{"summary":"again"}}'
refused "a second final answer" 409 conflict
post bb "/api/v1/messages/$REQ/reply" '{"final":false,"body":{"summary":"x","status":"final"}}'
refused "a status that disagrees with final" 400 invalid
post bb "/api/v1/messages/0000000000000000/reply" '{"final":true,"body":{"summary":"x"}}'
refused "an answer to nothing" 404 not-found
finish
