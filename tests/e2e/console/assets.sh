#!/bin/sh
# The console's files as the daemon serves them: the bytes of
# src/serve/www/ (embedded at build time), each with its Content-Type
# and the API's security fields; nothing else is served, nothing but GET
# reads them; and the files themselves load nothing from elsewhere and
# write no markup from data.
E2E=$(dirname "$0")/..
. "$E2E/lib.sh"
. "$E2E/fixture.sh"

WWW=$(cd "$E2E/../../src/serve/www" && pwd)

fixture aa
cport=$(free_port)
printf 'console_listen = 127.0.0.1:%s\n' "$cport" >>"$T/aa/hotline.conf"
start aa
console_up() {
	[ "$(curl -s -k -o /dev/null -w '%{http_code}' "https://127.0.0.1:$cport/")" = 200 ]
}
wait_for "aa's console" console_up

# get PATH [curl args]: leaves $status, the body in $T/got, the head in $T/head.
get() {
	p=$1
	shift
	status=$(curl -s -k -D "$T/head" -o "$T/got" -w '%{http_code}' "$@" \
	    "https://127.0.0.1:$cport$p")
}
# field NAME: the last answer's field, without its CR.
field() {
	sed -n "s/^$1: *//Ip" "$T/head" | tr -d '\r'
}

for f in /:index.html:'text/html; charset=utf-8' \
    /index.html:index.html:'text/html; charset=utf-8' \
    /app.css:app.css:'text/css; charset=utf-8' \
    /app.js:app.js:'text/javascript; charset=utf-8' \
    /icon.svg:icon.svg:image/svg+xml; do
	path=${f%%:*}
	rest=${f#*:}
	file=${rest%%:*}
	type=${rest#*:}
	get "$path"
	check "$path: 200" [ "$status" = 200 ]
	check "$path: is $file's bytes" cmp -s "$T/got" "$WWW/$file"
	check "$path: $type" [ "$(field Content-Type)" = "$type" ]
	check "$path: the CSP" [ "$(field Content-Security-Policy)" = \
	    "default-src 'self'; frame-ancestors 'none'" ]
	check "$path: nosniff" [ "$(field X-Content-Type-Options)" = nosniff ]
done
get /embed.py
check "the generator is not served" [ "$status" = 404 ]
check "as problem+json" [ "$(field Content-Type)" = application/problem+json ]
get /app.js.map
check "nor anything else" [ "$status" = 404 ]
get / -X POST -H 'Content-Type: application/json' -d '{}'
check "a file is read with GET only: 405" [ "$status" = 405 ]
check "with Allow: GET" [ "$(field Allow)" = GET ]

# The files: no inline script or style, nothing from elsewhere, and data
# never written as markup.
check "no inline script" [ "$(grep -c '<script>' "$WWW/index.html")" = 0 ]
check "no script but app.js" [ "$(grep -o '<script[^>]*>' "$WWW/index.html")" = \
    '<script src="/app.js" defer>' ]
check "no style attribute" [ "$(grep -c -i ' style=' "$WWW/index.html")" = 0 ]
check "no event attribute" [ "$(grep -c -i -E ' on[a-z]+=' "$WWW/index.html")" = 0 ]
none() {
	! grep -q -i -E "$1" "$WWW/index.html" "$WWW/app.css" "$WWW/app.js"
}
check "no URL of elsewhere" none 'https?:|//[a-z0-9-]+\.[a-z0-9.-]+/|url\(|@import'
check "no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval" \
    [ "$(grep -c -E 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function' \
    "$WWW/app.js")" = 0 ]
finish
