#!/bin/sh
# A receipt changed, dropped, swapped or duplicated in a bundle: refused,
# naming the receipt and the leaf that records the delivery.
. "$(dirname "$0")/story.sh"

story
tamper 'b["receipts"][0] = b["receipts"][0].replace("\"leaf\":", "\"leaf\":1")'
refused "a receipt's leaf" "receipts[0]: the signature by cert.bb does not verify"
tamper 'del b["receipts"][1]'
refused "a dropped receipt" "$(python3 -c "
import json
b = json.load(open('$T/aa.bundle'))
idx = [i for i, l in enumerate(b['leaves']) if json.loads(l)['event'] == 'delivered']
print('receipts[1]: missing: leaf %d records a delivery of %s' % (idx[1], json.loads(b['leaves'][idx[1]])['msg']['id'][:16]))")"
tamper 'b["receipts"][0], b["receipts"][1] = b["receipts"][1], b["receipts"][0]'
refused "receipts swapped" "$(python3 -c "
import json
b = json.load(open('$T/aa.bundle'))
idx = [i for i, l in enumerate(b['leaves']) if json.loads(l)['event'] == 'delivered']
l = json.loads(b['leaves'][idx[0]])
print('receipts[0]: is not the receipt leaf %d records (%s by cert.bb at leaf %d)' % (idx[0], l['msg']['id'][:16], l['receipt']['leaf']))")"
tamper 'b["receipts"].append(b["receipts"][0])'
refused "a duplicated receipt" "receipts: 3 receipts for 2 deliveries"
finish
