#!/bin/sh
# hotline import of hostile XML: external entities (a file, a URL, a
# parameter entity), billion laughs, a DOCTYPE alone, 10,000 levels, 60 MB
# of elements, XInclude, non-UTF-8 encodings, truncated documents, not
# IODEF at all and IODEF v1: each refused with its exact error (exit 1),
# nothing fetched, nothing on stdout, libxml2 silent.
. "$(dirname "$0")/../lib.sh"

H='<IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">'
I='<Incident purpose="reporting">'
E='</Incident></IODEF-Document>'
DTD='a DTD or entity is not accepted (XXE, billion laughs)'

# refused NAME FILE MSG: exit 1, nothing out, the one line.
refused() {
	expect "$1" 1 '' "hotline import: $2: $3" -- import --format iodef "$2"
}

# A listener that counts who connects: nothing may.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); s.settimeout(30)
n = 0
try:
    while True:
        c, _ = s.accept(); n += 1; c.close()
        open(sys.argv[2], "w").write(str(n))
except OSError:
    pass' "$port" "$T/hits" &
lpid=$!

printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n%s%s<Description>&e;</Description>%s\n' "$H" "$I" "$E" >"$T/file.xml"
refused "external entity, a file" "$T/file.xml" "line 2: $DTD"
printf '<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:%s/x">]>\n%s%s&e;%s\n' "$port" "$H" "$I" "$E" >"$T/http.xml"
refused "external entity, a URL" "$T/http.xml" "line 1: $DTD"
printf '<!DOCTYPE x [\n<!ENTITY %% p SYSTEM "http://127.0.0.1:%s/p"> %%p;]>\n%s%s%s\n' "$port" "$H" "$I" "$E" >"$T/param.xml"
refused "a parameter entity" "$T/param.xml" "line 1: $DTD"
printf '<!DOCTYPE IODEF-Document SYSTEM "http://127.0.0.1:%s/d.dtd">\n%s%s%s\n' "$port" "$H" "$I" "$E" >"$T/ext.xml"
refused "an external DTD" "$T/ext.xml" "line 1: $DTD"
{
	printf '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
	p=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf ' <!ENTITY lol%d "%s">\n' $i "$(for j in 0 1 2 3 4 5 6 7 8 9; do printf '&%s;' $p; done)"
		p=lol$i
	done
	printf ']>\n<lolz>&lol9;</lolz>\n'
} >"$T/laughs.xml"
refused "billion laughs" "$T/laughs.xml" "line 2: $DTD"
printf '<?xml version="1.0"?>\n\n<!DOCTYPE IODEF-Document>\n%s%s%s\n' "$H" "$I" "$E" >"$T/doctype.xml"
refused "a DOCTYPE alone" "$T/doctype.xml" "line 3: $DTD"
printf '%s%s\n<Description>&undeclared;</Description>%s\n' "$H" "$I" "$E" >"$T/undeclared.xml"
refused "an entity with no DTD" "$T/undeclared.xml" "line 2: $DTD"
check "nothing fetched" [ ! -e "$T/hits" ]
kill "$lpid" 2>/dev/null
wait "$lpid" 2>/dev/null

python3 -c '
import sys
sys.stdout.write(sys.argv[1] + "<a>" * 10000 + "</a>" * 10000 + "</IODEF-Document>")' "$H" >"$T/deep.xml"
refused "10,000 levels" "$T/deep.xml" "line 1: elements nested deeper than 64"
python3 -c '
import sys
sys.stdout.write(sys.argv[1] + sys.argv[2] + "\n<a/>" * 12000000 + sys.argv[3])' "$H" "$I" "$E" >"$T/many.xml"
check "60 MB of elements" [ "$(wc -c <"$T/many.xml")" -gt 60000000 ]
refused "60 MB of elements: the node budget" "$T/many.xml" "line 1999997: more than 2000000 elements, attributes and texts"
python3 -c '
import sys
sys.stdout.write(sys.argv[1] + sys.argv[2] + " " * 60000000 + sys.argv[3])' "$H" "$I" "$E" >"$T/blank.xml"
run import --format iodef "$T/blank.xml"
check "60 MB of blanks: read, nothing in it (exit 1)" [ "$rc" = 1 ] &&
    check "said" [ "$err" = "hotline import: $T/blank.xml: no indicator hotline can carry
hotline import: $T/blank.xml: the body lacks summary, category, severity, observed, expectations: give them (--summary, --category, --severity, --expect, --observed) or add them before sending" ]

printf '%s%s\n<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>\n<EventData><Flow><System category="source"><Node><Address category="ipv4-addr">192.0.2.1</Address></Node></System></Flow></EventData>%s\n' "$H" "$I" "$E" >"$T/xi.xml"
run import --format iodef "$T/xi.xml"
check "XInclude: never followed, reported" [ "$rc" = 1 ] &&
    check "the line" sh -c 'printf "%s\n" "$1" | grep -qxF "hotline import: $2: line 2 include: XInclude is never followed: include what it names yourself"' _ "$err" "$T/xi.xml" &&
    check "no file's contents" sh -c '! printf "%s" "$1" | grep -q "root:"' _ "$out"

printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n%s%s<Description>caf\351</Description>%s\n' "$H" "$I" "$E" >"$T/latin1.xml"
refused "ISO-8859-1" "$T/latin1.xml" "encoding 'ISO-8859-1' declared: an IODEF document is read as UTF-8 only"
printf '%s%s%s\n' "$H" "$I" "$E" | iconv -f UTF-8 -t UTF-16 >"$T/utf16.xml"
expect "UTF-16" 1 '' "hotline import: $T/utf16.xml: byte 3: a NUL byte: an IODEF document is read as UTF-8 only" -- import --format iodef "$T/utf16.xml"
printf '<?xml version="1.0" encoding="UTF-16"?>\n%s%s%s\n' "$H" "$I" "$E" >"$T/lie.xml"
refused "UTF-16 declared, UTF-8 given" "$T/lie.xml" "line 1: Document labelled UTF-16 but has UTF-8 content"
printf '%s%s<IncidentID name="x">1</Inci' "$H" "$I" >"$T/cut.xml"
refused "truncated in a tag" "$T/cut.xml" "line 1: expected '>'"
printf '%s%s\n<IncidentID name="x">1</IncidentID>\n' "$H" "$I" >"$T/cut2.xml"
refused "truncated after an element" "$T/cut2.xml" "line 3: Premature end of data in tag Incident line 1"

printf '<IODEF-Document version="1.00" xmlns="urn:ietf:params:xml:ns:iodef-1.0"><Incident purpose="reporting"/></IODEF-Document>\n' >"$T/v1.xml"
refused "IODEF v1: said, not guessed" "$T/v1.xml" "an IODEF v1 document (RFC 5070): hotline reads IODEF v2 (RFC 7970, urn:ietf:params:xml:ns:iodef-2.0) only"
printf '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>\n' >"$T/atom.xml"
refused "not IODEF" "$T/atom.xml" "the root element is 'feed', not an IODEF-Document"
run import "$T/atom.xml"
check "XML is IODEF's by detection" [ "$rc" = 1 ] && check "same words" sh -c 'printf "%s" "$1" | grep -q "not an IODEF-Document"' _ "$err"
finish
