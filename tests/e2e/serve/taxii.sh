#!/bin/sh
# The TAXII listener walked as a client would: aa and bb exchange a
# request marked amber, its answer and a notice marked green; a user of
# aa's cleared amber and one cleared green pull them. Discovery, the API
# root, the collections, every page of objects one object at a time, each
# object once and exactly the union of what hotline export gives for the
# messages, added_after, HEAD, and the green user seeing nothing amber.
. "$(dirname "$0")/taxii_lib.sh"

taxii_pair
start aa
start bb
check "aa says it serves TAXII" grep -q "serving TAXII taxii_listen=127.0.0.1:$TPORT" "$T/aa.log"
exchange
taxii_user misp amber 'amber pass phrase'
taxii_user feed green 'green pass phrase'

tx /taxii2/ -u 'misp:amber pass phrase'
check "discovery: 200" [ "$status" = 200 ]
check "discovery: TAXII's media type" [ "$(field Content-Type)" = "$TAXII_TYPE" ]
check "discovery names the API root" [ "$(json 'd["default"], d["api_roots"]' <"$T/body")" = "/hotline/ ['/hotline/']" ]
tx /hotline/ -u 'misp:amber pass phrase'
check "the API root: 200, TAXII 2.1" [ "$status $(json 'd["versions"]' <"$T/body")" = "200 ['$TAXII_TYPE']" ]
tx /hotline/collections/ -u 'misp:amber pass phrase'
check "collections: 200" [ "$status" = 200 ]
json '"\n".join(c["alias"] + " " + c["id"] for c in d["collections"])' <"$T/body" >"$T/colls"
check "collections: inbox and outbox, read-only" [ "$(json '[(c["alias"], c["can_read"], c["can_write"]) for c in d["collections"]]' <"$T/body")" = \
    "[('inbox', True, False), ('outbox', True, False)]" ]
INBOX=$(sed -n 's/^inbox //p' "$T/colls")
OUTBOX=$(sed -n 's/^outbox //p' "$T/colls")
tx "/hotline/collections/$OUTBOX/" -u 'misp:amber pass phrase'
check "one collection: 200, its id" [ "$status $(json 'd["id"]' <"$T/body")" = "200 $OUTBOX" ]

# walk COLL CREDS [QUERY]: every page of COLL's objects, limit=1, next
# after next until more is false; each object's id on a line of
# $T/walk, the number of pages in $pages; bad if a page is not 200 or
# holds more than one object.
walk() {
	coll=$1 creds=$2 q=${3:-}
	: >"$T/walk"
	pages=0
	next=
	while :; do
		tx "/hotline/collections/$coll/objects/?limit=1$q${next:+&next=$next}" -u "$creds"
		pages=$((pages + 1))
		if [ "$status" != 200 ] || [ "$(json 'len(d.get("objects", []))' <"$T/body")" -gt 1 ]; then
			bad "page $pages of $coll: $status $body"
			return
		fi
		json '"\n".join(o["id"] for o in d.get("objects", []))' <"$T/body" | sed '/^$/d' >>"$T/walk"
		[ "$(json 'd.get("more", False)' <"$T/body")" = True ] || break
		next=$(json 'd["next"]' <"$T/body")
		[ "$pages" -lt 100 ] || { bad "over 100 pages of $coll"; return; }
	done
}

# The amber user: everything, each object once, as the exports have it.
walk "$OUTBOX" 'misp:amber pass phrase'
export_ids "$REQ" "$NOTICE" >"$T/want"
check "outbox: the exports' objects are 8" [ "$(wc -l <"$T/want")" = 8 ]
check "outbox: one object a page" [ "$pages" = 8 ]
check "outbox: no object twice" [ "$(sort "$T/walk" | uniq -d | wc -l)" = 0 ]
check "outbox: exactly the exports' objects" [ "$(sort "$T/walk")" = "$(cat "$T/want")" ]
walk "$INBOX" 'misp:amber pass phrase'
export_ids "$RESP" >"$T/want"
check "inbox: the export's objects are 6" [ "$(wc -l <"$T/want")" = 6 ]
check "inbox: one object a page" [ "$pages" = 6 ]
check "inbox: exactly the export's objects, once each" [ "$(sort "$T/walk")" = "$(cat "$T/want")" ]

# added_after the request's second: what the notice added, nothing older.
after=$(sql "$T/aa" "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', stored, 'unixepoch') FROM messages WHERE id = '$REQ'")
walk "$OUTBOX" 'misp:amber pass phrase' "&added_after=$after"
export_ids "$NOTICE" >"$T/n"
export_ids "$REQ" >"$T/r"
comm -23 "$T/n" "$T/r" >"$T/want"
check "added_after: the notice's 3 new objects" [ "$(wc -l <"$T/want")" = 3 ]
check "added_after: exactly those, a page each" [ "$pages $(sort "$T/walk")" = "3 $(cat "$T/want")" ]

# The green user: nothing marked amber, the green notice whole.
walk "$INBOX" 'feed:green pass phrase'
check "green: the inbox (an amber answer) is empty" [ "$pages $(wc -l <"$T/walk")" = "1 0" ]
walk "$OUTBOX" 'feed:green pass phrase'
export_ids "$NOTICE" >"$T/want"
check "green: the outbox is the notice's objects" [ "$(sort "$T/walk")" = "$(cat "$T/want")" ]
amber_only=$(comm -23 "$T/r" "$T/n" | head -1)
tx "/hotline/collections/$OUTBOX/objects/$amber_only/" -u 'misp:amber pass phrase'
check "amber: an object of the request is there" [ "$status" = 200 ]
tx "/hotline/collections/$OUTBOX/objects/$amber_only/" -u 'feed:green pass phrase'
check "green: the same object is 404, as none" [ "$status" = 404 ]

# HEAD: GET's head, its length, and no body: a GET after it on the same
# connection reads as the GET alone does.
tx "/hotline/collections/$OUTBOX/objects/" -u 'misp:amber pass phrase'
getlen=$(field Content-Length)
cp "$T/body" "$T/get"
grep -i '^X-TAXII-' "$T/head" >"$T/getdates"
check "GET: its length is its body's" [ "$getlen" = "$(wc -c <"$T/get")" ]
tx "/hotline/collections/$OUTBOX/objects/" -I -u 'misp:amber pass phrase'
check "HEAD: 200 with GET's length" [ "$status $(field Content-Length)" = "200 $getlen" ]
check "HEAD: GET's two date fields" [ "$(grep -i '^X-TAXII-' "$T/head" | wc -l) $(grep -i '^X-TAXII-' "$T/head")" = "2 $(cat "$T/getdates")" ]
u="https://127.0.0.1:$TPORT/hotline/collections/$OUTBOX/objects/"
n=$(auths misp)
r=$(curl -s -k --pinnedpubkey "$AA_PIN" -u 'misp:amber pass phrase' -H "Accept: $TAXII_TYPE" \
    -I -o /dev/null "$u" --next -s -k --pinnedpubkey "$AA_PIN" -u 'misp:amber pass phrase' \
    -H "Accept: $TAXII_TYPE" -o "$T/body" -w '%{http_code} %{num_connects}' "$u")
check "HEAD then GET on one connection: the GET whole" [ "$r" = "200 0" ]
check "HEAD then GET: the GET's body as alone" cmp -s "$T/body" "$T/get"
check "HEAD then GET: one password check for both" [ "$(auths misp)" = $((n + 1)) ]
finish
