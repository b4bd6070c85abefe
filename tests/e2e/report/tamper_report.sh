#!/bin/sh
# A number of the report changed in a bundle: refused, naming the field,
# what the bundle says and what the leaves say.
. "$(dirname "$0")/story.sh"

story
tamper 'b["report"]["peers"][0]["out"]["requests"] = 3'
refused "a count" "report.peers[0].out.requests: the bundle says 3, the leaves say 2"
tamper 'b["report"]["peers"][0]["out"]["first_response_s"]["p50"] += 60'
refused "a response time" "$(python3 -c "import json; d=json.load(open('$T/aa.bundle'))['report']['peers'][0]['out']['first_response_s']['p50']; \
print('report.peers[0].out.first_response_s.p50: the bundle says %d, the leaves say %d' % (d + 60, d))")"
finish
