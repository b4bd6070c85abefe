/*
 * IODEF v2 (RFC 7970) in and out, through libxml2. In: the document is
 * parsed with the network off, no entity substitution, no DTD of any kind
 * (a DOCTYPE stops the parser before its subset is read), comments and
 * processing instructions dropped, and a depth and a node budget checked
 * as each element starts, so that no hostile document builds a tree past
 * them. Out: one Incident written with libxml2's writer, which escapes.
 * See iodef.h, and docs/PROTOCOL.md "Interop" for the mapping both ways.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "enc.h"
#include "iodef.h"
#include "limits.h"
#include "proto.h"
#include "schema.h"
#include "tlp.h"

#define NS_IODEF	"urn:ietf:params:xml:ns:iodef-2.0"
#define NS_IODEF1	"urn:ietf:params:xml:ns:iodef-1.0"
#define NS_DS		"http://www.w3.org/2000/09/xmldsig#"
#define NS_XI		"http://www.w3.org/2001/XInclude"
#define NS_XI_OLD	"http://www.w3.org/2003/XInclude"

/* xmldsig's and xmlenc's digest URIs (RFC 6931 2.1), the only ones read. */
static const struct {
	const char	*uri;
	enum ioc_type	 type;
	size_t		 len;		/* digest bytes */
} digests[] = {
	{ "http://www.w3.org/2001/04/xmldsig-more#md5", IOC_MD5, 16 },
	{ "http://www.w3.org/2000/09/xmldsig#sha1", IOC_SHA1, 20 },
	{ "http://www.w3.org/2001/04/xmlenc#sha256", IOC_SHA256, 32 },
};

/* Of a request's actions (schema_actions), the one RFC 7970's lacks. */
#define ACTION_EXT	"training"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
	xmlInitParser();
}

/* libxml2's own messages never reach stderr: the caller reports. */
static void
xml_silent(void *ctx, const char *fmt, ...)
{
	(void)ctx; (void)fmt;
}

/* libxml2 2.12 made the structured handler's error const. */
#if LIBXML_VERSION >= 21200
#define XML_ERR_CONST	const
#else
#define XML_ERR_CONST
#endif

static void
xml_silent_s(void *ctx, XML_ERR_CONST xmlError *e)
{
	(void)ctx; (void)e;
}

/* Per thread in libxml2: set on every entry. */
static void
xml_quiet(void)
{
	(void)pthread_once(&xml_once, xml_init);
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xmlSetStructuredErrorFunc(NULL, xml_silent_s);
}

/*
 * Import.
 */

/* What the parse hooks saw; ctxt->_private. */
struct rd {
	xmlParserCtxtPtr ctxt;
	int		 depth;
	long		 nodes;		/* elements, attributes, texts */
	int		 stop;		/* 0, or why the hooks stopped it */
	char		 why[256];
	int		 errline;	/* libxml2's first error */
	int		 errcode;
	char		 err[256];
};

static void
rd_stop(struct rd *r, int err, const char *why)
{
	if (r->stop == 0) {
		r->stop = err;
		(void)snprintf(r->why, sizeof(r->why), "line %d: %s",
		    xmlSAX2GetLineNumber(r->ctxt), why);
	}
	xmlStopParser(r->ctxt);
}

#define DTD_WHY	"a DTD or entity is not accepted (XXE, billion laughs)"

static void
hook_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
    const xmlChar *sys)
{
	xmlParserCtxtPtr c = ctx;

	(void)name; (void)ext; (void)sys;
	rd_stop(c->_private, HL_EPARSE, DTD_WHY);
}

static void
hook_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
    const xmlChar *sys, xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;

	(void)name; (void)type; (void)pub; (void)sys; (void)content;
	rd_stop(c->_private, HL_EPARSE, DTD_WHY);
}

static void
hook_reference(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;

	(void)name;
	rd_stop(c->_private, HL_EPARSE, DTD_WHY);
}

/* Counts a node against the budget; false once it is spent. */
static bool
rd_count(struct rd *r, long n)
{
	r->nodes += n;
	if (r->nodes > HL_MAX_IMPORT_NODES) {
		char why[96];

		(void)snprintf(why, sizeof(why), "more than %d elements, "
		    "attributes and texts", HL_MAX_IMPORT_NODES);
		rd_stop(r, HL_ETOOBIG, why);
		return false;
	}
	return true;
}

static void
hook_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
    int ndef, const xmlChar **attr)
{
	xmlParserCtxtPtr c = ctx;
	struct rd *r = c->_private;

	if (r->stop != 0)
		return;
	if (++r->depth > HL_MAX_IMPORT_DEPTH) {
		char why[64];

		(void)snprintf(why, sizeof(why), "elements nested deeper "
		    "than %d", HL_MAX_IMPORT_DEPTH);
		rd_stop(r, HL_EDEPTH, why);
		return;
	}
	if (!rd_count(r, 1 + (long)nns + (long)nattr))
		return;
	xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, ns, nattr, ndef,
	    attr);
}

static void
hook_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	struct rd *r = c->_private;

	if (r->stop != 0)
		return;
	r->depth--;
	xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

static void
hook_text(void *ctx, const xmlChar *s, int n)
{
	xmlParserCtxtPtr c = ctx;

	if (((struct rd *)c->_private)->stop != 0 || !rd_count(c->_private, 1))
		return;
	xmlSAX2Characters(ctx, s, n);
}

static void
hook_error(void *ctx, XML_ERR_CONST xmlError *e)
{
	xmlParserCtxtPtr c = ctx;
	struct rd *r = c->_private;
	size_t n;

	if (e == NULL || e->level < XML_ERR_ERROR || r->err[0] != '\0')
		return;
	r->errline = e->line;
	r->errcode = e->code;
	(void)snprintf(r->err, sizeof(r->err), "%s",
	    e->message != NULL ? e->message : "malformed");
	n = strlen(r->err);
	while (n > 0 && (r->err[n - 1] == '\n' || r->err[n - 1] == ' '))
		r->err[--n] = '\0';
}

/* One import's state while walking the tree. */
struct walk {
	struct imp	*im;
	xmlDocPtr	 doc;
	xmlHashTablePtr	 ids;		/* observable-id -> element, lazily */
	xmlHashTablePtr	 followed;	/* observable-ids already taken */
	int64_t		 first, last;	/* the Indicator's StartTime, EndTime */
	int		 err;		/* HL_ENOMEM, sticky */
};

static bool
is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, NS_IODEF) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* n's line and name, for a report. */
static void
where(const xmlNode *n, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, "line %ld %s", xmlGetLineNo(n),
	    (const char *)n->name);
}

/* An attribute in no namespace, borrowed until n is freed; NULL if absent. */
static const char *
attr(const xmlNode *n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static bool
xml_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * n's text (its text children only), trimmed of XML blanks, as a new
 * string (caller frees); NULL if out of memory, "" if none.
 */
static char *
text(const xmlNode *n)
{
	size_t len = 0, o = 0, s, e;
	char *t;

	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			len += strlen((const char *)c->content);
	if ((t = malloc(len + 1)) == NULL)
		return NULL;
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			size_t k = strlen((const char *)c->content);

			memcpy(t + o, c->content, k);
			o += k;
		}
	t[o] = '\0';
	for (s = 0; s < o && xml_blank(t[s]); s++)
		;
	for (e = o; e > s && xml_blank(t[e - 1]); e--)
		;
	memmove(t, t + s, e - s);
	t[e - s] = '\0';
	return t;
}

/* The first element child of n named name, or NULL. */
static xmlNode *
child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/*
 * Untrusted text for a report: at most max bytes, each control or
 * non-ASCII byte as '?', so that a report is one printable line.
 */
static const char *
safe(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n && s[i] != '\0' && o + 1 < outsz; i++)
		out[o++] = (unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] >= 0x7f ? '?' : s[i];
	out[o] = '\0';
	return out;
}

#define SAFE(s)	safe((s), strlen(s), sb, sizeof(sb))

/*
 * A value of type, with its Indicator's times. No type has a blank,
 * control or non-ASCII byte: a value with one is reported here, shown
 * safely, never joined or mended (a line-wrapped URL stays out).
 */
static void
w_add(struct walk *w, enum ioc_type type, const char *v, size_t n,
    const char *wh)
{
	char sb[64];
	int r;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f) {
			imp_skip(w->im, "invalid value", wh, "%s '%s': a "
			    "blank, control or non-ASCII byte at %zu (a "
			    "wrapped line?): not imported", ioc_type_names[type],
			    safe(v, n, sb, 48), i);
			return;
		}
	if ((r = imp_add(w->im, type, v, n, w->first, w->last, wh)) ==
	    HL_ENOMEM)
		w->err = r;
}

/*
 * Whether n was taken already (through an ObservableReference or its
 * own place): each element counts once, and once reported at most.
 */
#define TAKEN	((void *)1)

static bool
w_once(const xmlNode *n)
{
	if (n->_private == TAKEN)
		return false;
	((xmlNode *)n)->_private = TAKEN;
	return true;
}

/* Whether n is to be taken: false if notwhy says not (reported) or taken. */
static bool
w_take(struct walk *w, const xmlNode *n, const char *notwhy)
{
	char wh[96];

	if (notwhy == NULL)
		return w_once(n);
	if (n->_private != TAKEN) {
		where(n, wh, sizeof(wh));
		imp_skip(w->im, "not a source", wh, "%s", notwhy);
	}
	return false;
}

/* An element whose text is one value of type. */
static void
w_add_text(struct walk *w, const xmlNode *n, enum ioc_type type)
{
	char wh[96], *t;

	where(n, wh, sizeof(wh));
	if ((t = text(n)) == NULL) {
		w->err = HL_ENOMEM;
		return;
	}
	w_add(w, type, t, strlen(t), wh);
	free(t);
}

/* An RFC 3339 time in n's text (xs:dateTime with a zone); 0 if none. */
static int64_t
w_time(struct walk *w, const xmlNode *n)
{
	char wh[96], sb[48], *t;
	int64_t v = 0;

	if ((t = text(n)) == NULL) {
		w->err = HL_ENOMEM;
		return 0;
	}
	if (!proto_time_parse(t, 0, &v)) {
		where(n, wh, sizeof(wh));
		imp_skip(w->im, "time", wh, "'%s' is not a date and time "
		    "with a time zone: not taken as a time", SAFE(t));
		v = 0;
	}
	free(t);
	return v;
}

/*
 * An Address. take is false inside a System that is not a source (a
 * victim, a sensor): reported, since what to look for is the attacker's.
 */
static void
w_address(struct walk *w, const xmlNode *n, const char *notwhy)
{
	const char *cat = attr(n, "category");
	char wh[96], sb[48];

	if (!w_take(w, n, notwhy))
		return;
	where(n, wh, sizeof(wh));
	if (cat == NULL)
		cat = "ipv6-addr";	/* the XSD's default */
	if (strcmp(cat, "ipv4-addr") == 0)
		w_add_text(w, n, IOC_IPV4);
	else if (strcmp(cat, "ipv6-addr") == 0)
		w_add_text(w, n, IOC_IPV6);
	else if (strcmp(cat, "ipv4-net") == 0 || strcmp(cat, "ipv6-net") == 0)
		w_add_text(w, n, IOC_CIDR);
	else if (strcmp(cat, "e-mail") == 0)
		w_add_text(w, n, IOC_EMAIL);
	else if (strcmp(cat, "site-uri") == 0)
		w_add_text(w, n, IOC_URL);
	else if (strcmp(cat, "ext-value") == 0) {
		const char *ext = attr(n, "ext-category");

		imp_skip(w->im, "address category", wh, "an Address of "
		    "category ext-value ('%s') has no hotline type",
		    ext != NULL ? SAFE(ext) : "");
	} else
		imp_skip(w->im, "address category", wh, "an Address of "
		    "category %s has no hotline type", SAFE(cat));
}

static void
w_domain(struct walk *w, const xmlNode *n, const char *notwhy)
{
	const xmlNode *name = child(n, "Name");
	char wh[96];

	if (!w_take(w, n, notwhy))
		return;
	where(n, wh, sizeof(wh));
	if (name == NULL)
		imp_skip(w->im, "invalid value", wh, "a DomainData with no "
		    "Name");
	else
		w_add_text(w, name, IOC_DOMAIN);
}

/* Whitespace is allowed in xs:base64Binary; RFC 4648's decoder takes none. */
static void
w_hash(struct walk *w, const xmlNode *n)
{
	const xmlNode *m = NULL, *v = NULL;
	const char *alg;
	char wh[96], sb[90], hex[65], *t = NULL;
	uint8_t bin[64];
	size_t i, o, blen = 0;

	where(n, wh, sizeof(wh));
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->ns != NULL &&
		    strcmp((const char *)c->ns->href, NS_DS) == 0) {
			if (strcmp((const char *)c->name, "DigestMethod") == 0)
				m = c;
			else if (strcmp((const char *)c->name,
			    "DigestValue") == 0)
				v = c;
		}
	if (m == NULL || v == NULL || (alg = attr(m, "Algorithm")) == NULL) {
		imp_skip(w->im, "invalid value", wh, "a Hash needs "
		    "ds:DigestMethod with an Algorithm and ds:DigestValue");
		return;
	}
	for (i = 0; i < sizeof(digests) / sizeof(digests[0]); i++)
		if (strcmp(digests[i].uri, alg) == 0)
			break;
	if (i == sizeof(digests) / sizeof(digests[0])) {
		imp_skip(w->im, "digest method", wh, "DigestMethod '%s' is "
		    "none of md5 (%s), sha1 (%s), sha256 (%s)", SAFE(alg),
		    digests[0].uri, digests[1].uri, digests[2].uri);
		return;
	}
	if ((t = text(v)) == NULL) {
		w->err = HL_ENOMEM;
		return;
	}
	for (o = 0, blen = 0; t[o] != '\0'; o++)
		if (!xml_blank(t[o]))
			t[blen++] = t[o];
	t[blen] = '\0';
	if (!enc_b64_decode(t, blen, bin, sizeof(bin), &o) ||
	    o != digests[i].len) {
		imp_skip(w->im, "invalid value", wh, "the DigestValue of a %s "
		    "is %zu bytes of base64, and '%s' is not (is it hex? "
		    "xmldsig writes base64)", ioc_type_names[digests[i].type],
		    digests[i].len, safe(t, 48, sb, sizeof(sb)));
		goto out;
	}
	enc_hex(bin, o, hex);
	w_add(w, digests[i].type, hex, 2 * o, wh);
out:
	free(t);
}

static void
w_filedata(struct walk *w, const xmlNode *n, const char *notwhy)
{
	char wh[96], sb[48];

	if (!w_take(w, n, notwhy))
		return;
	for (const xmlNode *f = n->children; f != NULL; f = f->next) {
		if (!is(f, "File"))
			continue;
		for (const xmlNode *c = f->children; c != NULL; c = c->next) {
			const char *scope;

			if (is(c, "FileName")) {
				where(c, wh, sizeof(wh));
				imp_skip(w->im, "file name", wh, "a file name "
				    "has no hotline type");
				continue;
			}
			if (!is(c, "HashData"))
				continue;
			scope = attr(c, "scope");
			if (scope == NULL ||
			    strcmp(scope, "file-contents") != 0) {
				where(c, wh, sizeof(wh));
				imp_skip(w->im, "hash scope", wh, "a hash of "
				    "scope %s is not of a whole file",
				    scope != NULL ? SAFE(scope) : "(none)");
				continue;
			}
			for (const xmlNode *h = c->children; h != NULL;
			    h = h->next)
				if (is(h, "Hash"))
					w_hash(w, h);
				else if (is(h, "FuzzyHash")) {
					where(h, wh, sizeof(wh));
					imp_skip(w->im, "fuzzy hash", wh,
					    "a fuzzy hash has no hotline "
					    "type");
				}
		}
	}
}

static void
w_email(struct walk *w, const xmlNode *n, const char *notwhy)
{
	char wh[96];

	if (notwhy != NULL ? n->_private == TAKEN : !w_once(n))
		return;
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		where(c, wh, sizeof(wh));
		if (notwhy != NULL)
			imp_skip(w->im, "not a source", wh, "%s", notwhy);
		else if (is(c, "EmailFrom"))
			w_add_text(w, c, IOC_EMAIL);
		else if (is(c, "EmailTo"))
			imp_skip(w->im, "email recipient", wh, "EmailTo is "
			    "whom it was sent to (the target), not what to "
			    "look for");
		else
			imp_skip(w->im, "email part", wh, "%s has no "
			    "hotline type", (const char *)c->name);
	}
}

/* One value a line; a line's number is the list's plus its newlines. */
static void
w_bulk(struct walk *w, const xmlNode *n)
{
	const char *type = attr(n, "type"), *ext = attr(n, "ext-type");
	const xmlNode *list = NULL;
	char wh[96], sb[48], sb2[48], *t;
	const char *p, *e;
	long line;
	int want;

	if (!w_once(n))
		return;

	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "BulkObservableList") == 0)
			list = c;
	where(n, wh, sizeof(wh));
	if (type == NULL)
		type = "";
	if (strcmp(type, "ipv4-addr") == 0)
		want = IOC_IPV4;
	else if (strcmp(type, "ipv6-addr") == 0)
		want = IOC_IPV6;
	else if (strcmp(type, "ipv4-net") == 0 ||
	    strcmp(type, "ipv6-net") == 0)
		want = IOC_CIDR;
	else if (strcmp(type, "e-mail") == 0)
		want = IOC_EMAIL;
	else if (strcmp(type, "site-uri") == 0)
		want = IOC_URL;
	else if (strcmp(type, "domain-name") == 0 ||
	    (strcmp(type, "ext-value") == 0 && ext != NULL &&
	    strcmp(ext, "fqdn") == 0))
		want = IOC_DOMAIN;
	else if (strcmp(type, "file-hash") == 0)
		want = -1;	/* by length: 32, 40, 64 hex digits */
	else {
		imp_skip(w->im, "bulk type", wh, "a BulkObservable of type "
		    "%s%s%s has no hotline type", SAFE(type), ext != NULL ?
		    " " : "", ext != NULL ? safe(ext, strlen(ext), sb2,
		    sizeof(sb2)) : "");
		return;
	}
	if (list == NULL) {
		imp_skip(w->im, "invalid value", wh, "a BulkObservable with "
		    "no BulkObservableList");
		return;
	}
	if ((t = text(list)) == NULL) {
		w->err = HL_ENOMEM;
		return;
	}
	/* text() trimmed the leading blanks: count their newlines. */
	line = xmlGetLineNo(list);
	for (const xmlNode *c = list->children; c != NULL; c = c->next)
		if (c->type == XML_TEXT_NODE) {
			for (p = (const char *)c->content; xml_blank(*p); p++)
				if (*p == '\n')
					line++;
			break;
		}
	for (p = t; *p != '\0' && w->err == 0; line++) {
		size_t k;

		e = strchr(p, '\n');
		k = e != NULL ? (size_t)(e - p) : strlen(p);
		while (k > 0 && xml_blank(*p)) {
			p++;
			k--;
		}
		while (k > 0 && xml_blank(p[k - 1]))
			k--;
		(void)snprintf(wh, sizeof(wh), "line %ld BulkObservableList",
		    line);
		if (k > 0) {
			int ty = want;

			if (ty < 0)
				ty = k == 32 ? IOC_MD5 : k == 40 ? IOC_SHA1 :
				    k == 64 ? IOC_SHA256 : -1;
			if (ty < 0)
				imp_skip(w->im, "invalid value", wh, "a "
				    "file-hash of %zu characters is none of "
				    "md5, sha1, sha256 in hex", k);
			else
				w_add(w, (enum ioc_type)ty, p, k, wh);
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	free(t);
}

static void w_observable_item(struct walk *, const xmlNode *);

/*
 * A System: its Node's Address and DomainData, its Services' EmailData.
 * In EventData only a source or intermediate System is what to look for;
 * in an Observable, the Indicator says it is, whatever its category.
 */
static void
w_system(struct walk *w, const xmlNode *n, bool observable)
{
	const char *cat = attr(n, "category");
	char why[160], sb[48];
	const char *notwhy = NULL;

	if (!observable && (cat == NULL || (strcmp(cat, "source") != 0 &&
	    strcmp(cat, "intermediate") != 0))) {
		(void)snprintf(why, sizeof(why), "in a System of category "
		    "%s, not a source: %s", cat != NULL ? SAFE(cat) : "(none)",
		    cat != NULL && strcmp(cat, "target") == 0 ? "the victim, "
		    "not what to look for" : "not taken as what to look for");
		notwhy = why;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (is(c, "Node")) {
			for (const xmlNode *a = c->children; a != NULL;
			    a = a->next)
				if (is(a, "Address"))
					w_address(w, a, notwhy);
				else if (is(a, "DomainData"))
					w_domain(w, a, notwhy);
		} else if (is(c, "Service")) {
			for (const xmlNode *a = c->children; a != NULL;
			    a = a->next)
				if (is(a, "EmailData"))
					w_email(w, a, notwhy);
		}
	}
}

static void
w_recorddata(struct walk *w, const xmlNode *n)
{
	char wh[96];

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (is(c, "FileData"))
			w_filedata(w, c, NULL);
		else if (is(c, "WindowsRegistryKeysModified") ||
		    is(c, "CertificateData")) {
			where(c, wh, sizeof(wh));
			imp_skip(w->im, (const char *)c->name, wh, "%s has no "
			    "hotline type", (const char *)c->name);
		}
	}
}

static void
w_expectation(struct walk *w, const xmlNode *n)
{
	const char *a = attr(n, "action"), *x = attr(n, "ext-action");
	char wh[96], sb[48], sb2[48];
	int r;

	if (a == NULL)
		a = "other";		/* the XSD's default */
	if (strcmp(a, "ext-value") == 0 && attr(n, "ext-action") != NULL &&
	    strcmp(attr(n, "ext-action"), ACTION_EXT) == 0)
		a = ACTION_EXT;
	if (proto_lookup(schema_actions, a) < 0) {
		where(n, wh, sizeof(wh));
		imp_skip(w->im, "expectation", wh, "action %s%s%s is not "
		    "one a request takes", SAFE(a), x != NULL ? " " : "",
		    x != NULL ? safe(x, strlen(x), sb2, sizeof(sb2)) : "");
		return;
	}
	if ((r = imp_expect(w->im, a)) != 0)
		w->err = r;
}

static void
w_eventdata(struct walk *w, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL && w->err == 0;
	    c = c->next) {
		if (is(c, "DetectTime") || is(c, "StartTime") ||
		    is(c, "EndTime") || is(c, "ReportTime"))
			imp_seen(w->im, w_time(w, c));
		else if (is(c, "Flow")) {
			for (const xmlNode *s = c->children; s != NULL;
			    s = s->next)
				if (is(s, "System"))
					w_system(w, s, false);
		} else if (is(c, "Expectation"))
			w_expectation(w, c);
		else if (is(c, "Record")) {
			for (const xmlNode *s = c->children; s != NULL;
			    s = s->next)
				if (is(s, "RecordData"))
					w_recorddata(w, s);
		} else if (is(c, "EventData"))
			w_eventdata(w, c);
	}
}

/* What an Observable holds, or what an ObservableReference names. */
static void
w_observable_item(struct walk *w, const xmlNode *c)
{
	char wh[96];

	if (is(c, "Address"))
		w_address(w, c, NULL);
	else if (is(c, "DomainData"))
		w_domain(w, c, NULL);
	else if (is(c, "EmailData"))
		w_email(w, c, NULL);
	else if (is(c, "FileData"))
		w_filedata(w, c, NULL);
	else if (is(c, "BulkObservable"))
		w_bulk(w, c);
	else if (is(c, "System"))
		w_system(w, c, true);
	else if (is(c, "Service")) {
		for (const xmlNode *a = c->children; a != NULL; a = a->next)
			if (is(a, "EmailData"))
				w_email(w, a, NULL);
	} else if (is(c, "RecordData"))
		w_recorddata(w, c);
	else if (is(c, "EventData"))
		w_eventdata(w, c);
	else if (c->type == XML_ELEMENT_NODE && !is(c, "AdditionalData")) {
		where(c, wh, sizeof(wh));
		imp_skip(w->im, (const char *)c->name, wh, "an observable "
		    "%s has no hotline type", (const char *)c->name);
	}
}

/* Every element with an observable-id, once, for the references. */
static void
w_index(struct walk *w, xmlNode *n, int depth)
{
	for (xmlNode *c = n; c != NULL; c = c->next) {
		const char *id;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((id = attr(c, "observable-id")) != NULL)
			(void)xmlHashAddEntry(w->ids, (const xmlChar *)id, c);
		if (depth < HL_MAX_IMPORT_DEPTH)
			w_index(w, c->children, depth + 1);
	}
}

static void
w_reference(struct walk *w, const xmlNode *n)
{
	const char *ref = attr(n, "uid-ref");
	const xmlNode *t;
	char wh[96], sb[64];

	where(n, wh, sizeof(wh));
	if (w->ids == NULL) {
		if ((w->ids = xmlHashCreate(64)) == NULL ||
		    (w->followed = xmlHashCreate(64)) == NULL) {
			w->err = HL_ENOMEM;
			return;
		}
		w_index(w, xmlDocGetRootElement(w->doc), 0);
	}
	if (ref == NULL || (t = xmlHashLookup(w->ids,
	    (const xmlChar *)ref)) == NULL) {
		imp_skip(w->im, "reference", wh, "ObservableReference to "
		    "'%s': no element has that observable-id",
		    ref != NULL ? SAFE(ref) : "");
		return;
	}
	/* Once each: a thousand references to one EventData cost one. */
	if (xmlHashAddEntry(w->followed, (const xmlChar *)ref, (void *)t) != 0)
		return;
	w_observable_item(w, t);
}

static void w_indicator_terms(struct walk *, const xmlNode *);

/*
 * An OR, or an expression of one term, is its terms; an AND, XOR or NOT
 * of several says something no flat list of indicators can: reported.
 */
static void
w_expression(struct walk *w, const xmlNode *n)
{
	const char *op = attr(n, "operator");
	char wh[96], sb[16];
	int terms = 0;

	if (op == NULL)
		op = "and";		/* the XSD's default */
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is(c, "IndicatorExpression") || is(c, "Observable") ||
		    is(c, "ObservableReference") ||
		    is(c, "IndicatorReference"))
			terms++;
	if (strcmp(op, "or") == 0 || (terms <= 1 && strcmp(op, "and") == 0)) {
		w_indicator_terms(w, n);
		return;
	}
	where(n, wh, sizeof(wh));
	imp_skip(w->im, "expression", wh, "an IndicatorExpression '%s' of "
	    "%d terms: hotline looks for each indicator alone, so not "
	    "imported", SAFE(op), terms);
}

static void
w_indicator_terms(struct walk *w, const xmlNode *n)
{
	char wh[96];

	for (const xmlNode *c = n->children; c != NULL && w->err == 0;
	    c = c->next) {
		if (is(c, "Observable")) {
			for (const xmlNode *o = c->children; o != NULL;
			    o = o->next)
				if (o->type == XML_ELEMENT_NODE)
					w_observable_item(w, o);
		} else if (is(c, "ObservableReference"))
			w_reference(w, c);
		else if (is(c, "IndicatorExpression"))
			w_expression(w, c);
		else if (is(c, "IndicatorReference")) {
			where(c, wh, sizeof(wh));
			imp_skip(w->im, "reference", wh, "an "
			    "IndicatorReference is not followed");
		}
	}
}

static void
w_indicator(struct walk *w, const xmlNode *n)
{
	const xmlNode *s = child(n, "StartTime"), *e = child(n, "EndTime");

	w->first = s != NULL ? w_time(w, s) : 0;
	w->last = e != NULL ? w_time(w, e) : 0;
	w_indicator_terms(w, n);
	w->first = w->last = 0;
}

/* Description as the summary: the request schema's free text. */
static void
w_summary(struct walk *w, const xmlNode *n)
{
	char wh[96], *t;
	size_t len;
	int r;

	if ((t = text(n)) == NULL) {
		w->err = HL_ENOMEM;
		return;
	}
	len = strlen(t);
	where(n, wh, sizeof(wh));
	if (len == 0)
		goto out;
	if (len > HL_MAX_SUMMARY_LEN) {
		imp_skip(w->im, "summary", wh, "a Description of %zu bytes, "
		    "more than a summary's %d: not taken", len,
		    HL_MAX_SUMMARY_LEN);
		goto out;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t[i] < 0x20 && t[i] != '\n' &&
		    t[i] != '\t') {
			imp_skip(w->im, "summary", wh, "a Description with a "
			    "control character: not taken");
			goto out;
		}
	if ((r = imp_set(w->im, "summary", t)) != 0)
		w->err = r;
out:
	free(t);
}

/* restriction (RFC 7970 3.3.1) as TLP; -1 for default, -2 unknown. */
static int
restriction(const char *r, const char *ext)
{
	static const struct {
		const char	*name;
		enum tlp	 tlp;
	} map[] = {
		{ "public", TLP_CLEAR }, { "white", TLP_CLEAR },
		{ "partner", TLP_GREEN }, { "green", TLP_GREEN },
		{ "need-to-know", TLP_AMBER }, { "amber", TLP_AMBER },
		{ "private", TLP_RED }, { "red", TLP_RED },
	};

	if (strcmp(r, "default") == 0)
		return -1;
	if (strcmp(r, "ext-value") == 0)
		return ext != NULL && tlp_parse(ext) >= 0 ? tlp_parse(ext) : -2;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].name, r) == 0)
			return (int)map[i].tlp;
	return -2;
}

/*
 * Every @restriction in the document, and hotline's own AdditionalData
 * "tlp" (which keeps amber+strict): the strictest wins, since a part
 * marked red makes the whole request red. An Incident with none is
 * "private", the XSD's default.
 */
static void
w_markings(struct walk *w, const xmlNode *n, int depth)
{
	char wh[96];

	for (const xmlNode *c = n; c != NULL; c = c->next) {
		const char *r;
		int t = -1;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && (strcmp((const char *)c->ns->href,
		    NS_XI) == 0 || strcmp((const char *)c->ns->href,
		    NS_XI_OLD) == 0)) {
			where(c, wh, sizeof(wh));
			imp_skip(w->im, "xinclude", wh, "XInclude is never "
			    "followed: include what it names yourself");
			continue;
		}
		r = attr(c, "restriction");
		if (r == NULL && is(c, "Incident"))
			r = "private";
		if (r != NULL)
			t = restriction(r, attr(c, "ext-restriction"));
		if (is(c, "AdditionalData") && attr(c, "meaning") != NULL &&
		    strcmp(attr(c, "meaning"), "tlp") == 0) {
			char *s = text(c);

			t = s != NULL && tlp_parse(s) >= 0 ? tlp_parse(s) : -2;
			free(s);
		}
		if (t == -2) {
			where(c, wh, sizeof(wh));
			imp_skip(w->im, "restriction", wh, "a marking that is "
			    "no TLP label nor RFC 7970 restriction: give the "
			    "request's tlp yourself");
		} else if (t >= 0)
			imp_tlp(w->im, (enum tlp)t);
		if (depth < HL_MAX_IMPORT_DEPTH)
			w_markings(w, c->children, depth + 1);
	}
}

/* hotline's own AdditionalData: a request's category and sector. */
static void
w_additional(struct walk *w, const xmlNode *n)
{
	const char *m = attr(n, "meaning");
	char *t;
	int r = 0;

	if (m == NULL || (strcmp(m, "category") != 0 &&
	    strcmp(m, "sector") != 0))
		return;
	if ((t = text(n)) == NULL) {
		w->err = HL_ENOMEM;
		return;
	}
	if (proto_lookup(strcmp(m, "category") == 0 ? schema_categories :
	    schema_sectors, t) >= 0)
		r = imp_set(w->im, m, t);
	else {
		char wh[96], sb[48];

		where(n, wh, sizeof(wh));
		imp_skip(w->im, m, wh, "%s '%s' is not one a request "
		    "takes", m, SAFE(t));
	}
	if (r != 0)
		w->err = r;
	free(t);
}

static void
w_incident(struct walk *w, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL && w->err == 0;
	    c = c->next) {
		if (is(c, "DetectTime") || is(c, "StartTime") ||
		    is(c, "EndTime") || is(c, "ReportTime"))
			imp_seen(w->im, w_time(w, c));
		else if (is(c, "Description"))
			w_summary(w, c);
		else if (is(c, "Assessment")) {
			for (const xmlNode *a = c->children; a != NULL;
			    a = a->next) {
				const char *s = attr(a, "severity");

				/* RFC 7970's low, medium, high: the same. */
				if (is(a, "SystemImpact") && s != NULL &&
				    (strcmp(s, "low") == 0 ||
				    strcmp(s, "medium") == 0 ||
				    strcmp(s, "high") == 0) &&
				    imp_set(w->im, "severity", s) != 0)
					w->err = HL_ENOMEM;
			}
		} else if (is(c, "EventData"))
			w_eventdata(w, c);
		else if (is(c, "IndicatorData")) {
			for (const xmlNode *i = c->children; i != NULL;
			    i = i->next)
				if (is(i, "Indicator"))
					w_indicator(w, i);
		} else if (is(c, "AdditionalData"))
			w_additional(w, c);
	}
}

/* Whether the declared encoding, if any, is UTF-8. */
static bool
utf8_declared(const xmlDoc *doc)
{
	const char *e = (const char *)doc->encoding;

	return e == NULL || xmlStrcasecmp((const xmlChar *)e,
	    (const xmlChar *)"UTF-8") == 0;
}

int
iodef_import(const char *path, const char *data, size_t len, struct imp *im,
    struct hl_diag *d)
{
	struct walk w = { .im = im };
	struct rd r = { 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	const char *nul, *v;
	char sb[200];
	int opts, err = 0;

	/* The caller names the file (path is for it): d says where in it. */
	(void)path;
	if (len > HL_MAX_IMPORT_FILE)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "larger than %d bytes",
		    HL_MAX_IMPORT_FILE);
	/* UTF-8 has no NUL; UTF-16 and UTF-32 have little else. */
	if ((nul = memchr(data, '\0', len)) != NULL) {
		err = hl_diag_set(d, HL_EPARSE, NULL, "a NUL byte: an IODEF "
		    "document is read as UTF-8 only");
		hl_diag_offset(d, (long)(nul - data));
		return err;
	}
	xml_quiet();
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	r.ctxt = ctxt;
	ctxt->_private = &r;
	ctxt->sax->internalSubset = hook_subset;
	ctxt->sax->externalSubset = hook_subset;
	ctxt->sax->entityDecl = hook_entity;
	ctxt->sax->reference = hook_reference;
	ctxt->sax->startElementNs = hook_start;
	ctxt->sax->endElementNs = hook_end;
	ctxt->sax->characters = hook_text;
	ctxt->sax->cdataBlock = hook_text;
	ctxt->sax->comment = NULL;
	ctxt->sax->processingInstruction = NULL;
	ctxt->sax->serror = hook_error;
	/* Never NOENT, DTDLOAD, DTDATTR, XINCLUDE nor HUGE. */
	opts = XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;
#if LIBXML_VERSION >= 21300
	opts |= XML_PARSE_NO_XXE;
#endif
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, opts);
	if (r.stop != 0) {
		err = hl_diag_set(d, r.stop, NULL, "%s", r.why);
		goto out;
	}
	if (doc == NULL || !ctxt->wellFormed) {
		if (r.errcode == XML_ERR_UNDECLARED_ENTITY ||
		    r.errcode == XML_WAR_UNDECLARED_ENTITY)
			err = hl_diag_set(d, HL_EPARSE, NULL, "line %d: %s",
			    r.errline, DTD_WHY);
		else
			err = hl_diag_set(d, HL_EPARSE, NULL, "line %d: %s",
			    r.errline, r.err[0] != '\0' ? SAFE(r.err) :
			    "not well-formed XML");
		goto out;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		err = hl_diag_set(d, HL_EPARSE, NULL, "%s", DTD_WHY);
		goto out;
	}
	if (!utf8_declared(doc)) {
		err = hl_diag_set(d, HL_EPARSE, NULL, "encoding '%.40s' "
		    "declared: an IODEF document is read as UTF-8 only",
		    (const char *)doc->encoding);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name,
	    "IODEF-Document") != 0 || root->ns == NULL) {
		err = hl_diag_set(d, HL_ESCHEMA, NULL, "the root element is "
		    "'%.40s', not an IODEF-Document",
		    root != NULL ? (const char *)root->name : "");
		goto out;
	}
	if (strcmp((const char *)root->ns->href, NS_IODEF1) == 0) {
		err = hl_diag_set(d, HL_ESCHEMA, NULL, "an IODEF v1 document "
		    "(RFC 5070): hotline reads IODEF v2 (RFC 7970, %s) only",
		    NS_IODEF);
		goto out;
	}
	if (strcmp((const char *)root->ns->href, NS_IODEF) != 0) {
		err = hl_diag_set(d, HL_ESCHEMA, NULL, "IODEF-Document in "
		    "namespace '%s', not %s", SAFE((const char *)root->ns->href),
		    NS_IODEF);
		goto out;
	}
	if ((v = attr(root, "version")) != NULL && strcmp(v, "2.00") != 0) {
		err = hl_diag_set(d, HL_ESCHEMA, NULL, "IODEF-Document version "
		    "'%s', not 2.00", SAFE(v));
		goto out;
	}
	if (child(root, "Incident") == NULL) {
		err = hl_diag_set(d, HL_ESCHEMA, NULL, "an IODEF-Document with "
		    "no Incident");
		goto out;
	}
	w.doc = doc;
	w_markings(&w, root, 0);
	for (const xmlNode *c = root->children; c != NULL && w.err == 0;
	    c = c->next)
		if (is(c, "Incident"))
			w_incident(&w, c);
	if (w.err != 0)
		err = hl_diag_set(d, w.err, NULL, "out of memory");
out:
	if (w.ids != NULL)
		xmlHashFree(w.ids, NULL);
	if (w.followed != NULL)
		xmlHashFree(w.followed, NULL);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return err;
}

/*
 * Export.
 */

/* libxml2's writer with a sticky error, as buf is. */
struct wr {
	xmlTextWriterPtr w;
	int		 err;
};

static void
wr_check(struct wr *o, int r)
{
	if (r < 0 && o->err == 0)
		o->err = HL_ENOMEM;
}

static void
wr_start(struct wr *o, const char *name)
{
	if (o->err == 0)
		wr_check(o, xmlTextWriterStartElement(o->w,
		    (const xmlChar *)name));
}

static void
wr_end(struct wr *o)
{
	if (o->err == 0)
		wr_check(o, xmlTextWriterEndElement(o->w));
}

/*
 * v as XML 1.0 may hold it: U+FFFE and U+FFFF, which a message's text
 * may carry but no XML document may, become U+FFFD (a hostile peer's
 * summary must not make the export unreadable). Malloc'd; NULL if out of
 * memory.
 */
static char *
xml_chars(const char *v)
{
	char *c = strdup(v), *p = c;

	while (p != NULL && (p = strstr(p, "\xef\xbf")) != NULL) {
		if (p[2] == '\xbe' || p[2] == '\xbf')
			p[2] = '\xbd';
		p += 2;
	}
	return c;
}

static void
wr_attr(struct wr *o, const char *name, const char *v)
{
	char *c;

	if (o->err != 0)
		return;
	if ((c = xml_chars(v)) == NULL) {
		o->err = HL_ENOMEM;
		return;
	}
	wr_check(o, xmlTextWriterWriteAttribute(o->w, (const xmlChar *)name,
	    (const xmlChar *)c));
	free(c);
}

static void
wr_text(struct wr *o, const char *v)
{
	char *c;

	if (o->err != 0)
		return;
	if ((c = xml_chars(v)) == NULL) {
		o->err = HL_ENOMEM;
		return;
	}
	wr_check(o, xmlTextWriterWriteString(o->w, (const xmlChar *)c));
	free(c);
}

/* <name>v</name> */
static void
wr_el(struct wr *o, const char *name, const char *v)
{
	wr_start(o, name);
	wr_text(o, v);
	wr_end(o);
}

/* A body time (RFC 3339, any offset) as UTC seconds, or nothing. */
static void
wr_time(struct wr *o, const char *name, const char *t)
{
	char s[PROTO_TIME_LEN];
	int64_t v;

	if (t == NULL || !proto_time_parse(t, 0, &v))
		return;
	proto_time_format(v, s);
	wr_el(o, name, s);
}

static void
wr_additional(struct wr *o, const char *dtype, const char *meaning,
    const char *v)
{
	wr_start(o, "AdditionalData");
	wr_attr(o, "dtype", dtype);
	wr_attr(o, "meaning", meaning);
	wr_text(o, v);
	wr_end(o);
}

/* One indicator's Observable, by the mapping table in PROTOCOL.md. */
static void
wr_observable(struct wr *o, int type, const char *v)
{
	uint8_t bin[32];
	struct buf b;
	size_t n = strlen(v);

	wr_start(o, "Observable");
	switch (type) {
	case IOC_IPV4:
	case IOC_IPV6:
	case IOC_CIDR:
		wr_start(o, "Address");
		wr_attr(o, "category", type == IOC_IPV4 ? "ipv4-addr" :
		    type == IOC_IPV6 ? "ipv6-addr" : strchr(v, ':') != NULL ?
		    "ipv6-net" : "ipv4-net");
		wr_text(o, v);
		wr_end(o);
		break;
	case IOC_DOMAIN:
		wr_start(o, "DomainData");
		wr_el(o, "Name", v);
		wr_end(o);
		break;
	case IOC_URL:
		wr_start(o, "BulkObservable");
		wr_attr(o, "type", "site-uri");
		wr_el(o, "BulkObservableList", v);
		wr_end(o);
		break;
	case IOC_EMAIL:
		wr_start(o, "EmailData");
		wr_el(o, "EmailFrom", v);
		wr_end(o);
		break;
	default:	/* md5, sha1, sha256: checked lower-case hex */
		if (n / 2 > sizeof(bin) ||
		    !enc_hex_decode_exact(v, n, bin, n / 2)) {
			o->err = HL_EINVAL;
			return;
		}
		buf_init(&b, 64);
		(void)enc_b64(bin, n / 2, &b);
		wr_start(o, "FileData");
		wr_start(o, "File");
		wr_start(o, "HashData");
		wr_attr(o, "scope", "file-contents");
		wr_start(o, "Hash");
		wr_start(o, "ds:DigestMethod");
		for (size_t i = 0; i < sizeof(digests) / sizeof(digests[0]);
		    i++)
			if ((int)digests[i].type == type)
				wr_attr(o, "Algorithm", digests[i].uri);
		wr_end(o);
		wr_el(o, "ds:DigestValue", buf_str(&b));
		if (buf_err(&b) != 0)
			o->err = HL_ENOMEM;
		buf_done(&b);
		wr_end(o);
		wr_end(o);
		wr_end(o);
		wr_end(o);
		break;
	}
	wr_end(o);
}

/*
 * One Indicator: its IndicatorID is "indicator--" + UUIDv5 of "indicator:"
 * + the request's id + ":" + type + ":" + value, issued by the requester
 * (name), so that a response's finding carries its request's id. An id
 * already written (xs:ID is unique) takes the item's index as well.
 */
static void
wr_indicator(struct wr *o, json_t *ids, const char *name, const char *req,
    json_t *ind, json_t *finding, size_t idx)
{
	const char *type = json_string_value(json_object_get(ind, "type"));
	const char *v = json_string_value(json_object_get(ind, "value"));
	json_t *src = finding != NULL ? finding : ind, *c, *e;
	char id[128], nm[HL_MAX_INDICATOR_LEN + 160];
	int t = type != NULL ? ioc_type_parse(type) : -1;
	size_t i;

	if (t < 0 || v == NULL) {
		o->err = HL_EINVAL;
		return;
	}
	(void)snprintf(nm, sizeof(nm), "indicator:%s:%s:%s", req, type, v);
	interop_id("indicator", nm, id, sizeof(id));
	if (json_object_get(ids, id) != NULL) {
		(void)snprintf(nm, sizeof(nm), "indicator:%s:%s:%s:%zu", req,
		    type, v, idx);
		interop_id("indicator", nm, id, sizeof(id));
	}
	if (json_object_set_new(ids, id, json_true()) != 0)
		o->err = HL_ENOMEM;
	wr_start(o, "Indicator");
	wr_start(o, "IndicatorID");
	wr_attr(o, "name", name);
	wr_attr(o, "version", "1");
	wr_text(o, id);
	wr_end(o);
	wr_time(o, "StartTime", json_string_value(json_object_get(src,
	    "first_seen")));
	wr_time(o, "EndTime", json_string_value(json_object_get(src,
	    "last_seen")));
	wr_observable(o, t, v);
	/* jcs_parse() gives numbers as reals; the schema made it whole. */
	if (json_is_number(c = json_object_get(src, "count"))) {
		char n[32];

		(void)snprintf(n, sizeof(n), "%.0f", json_number_value(c));
		wr_additional(o, "integer", "count", n);
	}
	json_array_foreach(json_object_get(src, "where"), i, e)
		if (json_is_string(e))
			wr_additional(o, "string", "where",
			    json_string_value(e));
	wr_end(o);
}

static const char *
purpose(enum msg_type t)
{
	switch (t) {
	case MSG_REQUEST:
		return "mitigation";
	case MSG_RESPONSE:
	case MSG_NOTICE:
		return "reporting";
	default:
		return "other";
	}
}

static void
wr_contact(struct wr *o, const char *role, const char *party)
{
	wr_start(o, "Contact");
	if (strcmp(role, "creator") == 0)
		wr_attr(o, "role", role);
	else {
		wr_attr(o, "role", "ext-value");
		wr_attr(o, "ext-role", role);
	}
	wr_attr(o, "type", "organization");
	wr_el(o, "ContactName", party);
	wr_end(o);
}

static void
wr_incident(struct wr *o, const struct envelope_hdr *h)
{
	json_t *b = h->body, *a, *v, *ids;
	const char *s, *ref = NULL, *req;
	char gen[PROTO_TIME_LEN];
	size_t i;

	if (json_array_size(h->refs) > 0)
		ref = json_string_value(json_array_get(h->refs, 0));
	wr_start(o, "Incident");
	wr_attr(o, "purpose", purpose(h->type));
	wr_attr(o, "restriction", interop_iodef_tlp[h->tlp]);
	if (h->type == MSG_RESPONSE && (s = json_string_value(
	    json_object_get(b, "status"))) != NULL)
		wr_attr(o, "status", strcmp(s, "final") == 0 ? "resolved" :
		    "in-progress");
	wr_start(o, "IncidentID");
	wr_attr(o, "name", h->from);
	wr_text(o, h->id);
	wr_end(o);
	/* What it answers, withdraws or escalates; a response's is the peer's. */
	if (ref != NULL) {
		wr_start(o, "RelatedActivity");
		wr_start(o, "IncidentID");
		wr_attr(o, "name", h->type == MSG_RESPONSE ? h->to : h->from);
		wr_text(o, ref);
		wr_end(o);
		wr_end(o);
	}
	v = json_object_get(b, h->type == MSG_NOTICE ? "window" : "observed");
	wr_time(o, "StartTime", json_string_value(json_object_get(v,
	    "start")));
	wr_time(o, "EndTime", json_string_value(json_object_get(v, "end")));
	proto_time_format(h->created, gen);
	wr_el(o, "GenerationTime", gen);
	if ((s = json_string_value(json_object_get(b, "summary"))) != NULL)
		wr_el(o, "Description", s);
	if ((s = json_string_value(json_object_get(b, "declined"))) != NULL)
		wr_el(o, "Description", s);
	if ((s = json_string_value(json_object_get(b, "severity"))) != NULL) {
		/* RFC 7970 has no critical: high is its top. */
		wr_start(o, "Assessment");
		wr_start(o, "SystemImpact");
		wr_attr(o, "severity", strcmp(s, "critical") == 0 ? "high" : s);
		wr_end(o);
		wr_end(o);
	}
	wr_contact(o, "creator", h->from);
	wr_contact(o, "recipient", h->to);
	if (json_array_size(a = json_object_get(b, "expectations")) > 0) {
		wr_start(o, "EventData");
		json_array_foreach(a, i, v) {
			s = json_string_value(v);
			wr_start(o, "Expectation");
			if (s != NULL && strcmp(s, ACTION_EXT) == 0) {
				wr_attr(o, "action", "ext-value");
				wr_attr(o, "ext-action", s);
			} else
				wr_attr(o, "action", s != NULL ? s : "other");
			wr_end(o);
		}
		wr_end(o);
	}
	/* A response's findings are its request's indicators, seen. */
	a = json_object_get(b, h->type == MSG_RESPONSE ? "findings" :
	    "indicators");
	req = h->type == MSG_RESPONSE ? (ref != NULL ? ref : "") : h->id;
	if (json_array_size(a) > 0) {
		if ((ids = json_object()) == NULL) {
			o->err = HL_ENOMEM;
			return;
		}
		wr_start(o, "IndicatorData");
		json_array_foreach(a, i, v) {
			if (h->type == MSG_RESPONSE)
				wr_indicator(o, ids, h->to, req,
				    json_object_get(v, "indicator"), v, i);
			else
				wr_indicator(o, ids, h->from, req, v, NULL, i);
		}
		wr_end(o);
		json_decref(ids);
	}
	if (json_array_size(a = json_object_get(b, "actions")) > 0) {
		wr_start(o, "History");
		json_array_foreach(a, i, v) {
			s = json_string_value(v);
			wr_start(o, "HistoryItem");
			if (s != NULL && strcmp(s, ACTION_EXT) == 0) {
				wr_attr(o, "action", "ext-value");
				wr_attr(o, "ext-action", s);
			} else
				wr_attr(o, "action", s != NULL ? s : "other");
			wr_el(o, "DateTime", gen);
			wr_end(o);
		}
		wr_end(o);
	}
	/* What RFC 7970 has no element for, in hotline's own words. */
	wr_additional(o, "string", "tlp", tlp_label(h->tlp));
	for (i = 0; i < 4; i++) {
		static const char *const m[] = { "category", "sector", "kind",
			"reason" };

		if ((s = json_string_value(json_object_get(b, m[i]))) != NULL)
			wr_additional(o, "string", m[i], s);
	}
	wr_end(o);
}

int
iodef_document(const struct envelope_hdr *h, struct buf *out,
    struct hl_diag *d)
{
	struct wr o = { 0 };
	xmlBufferPtr xb;

	switch (h->type) {
	case MSG_REQUEST:
	case MSG_RESPONSE:
	case MSG_NOTICE:
	case MSG_QUERY:
	case MSG_ESCALATION:
		break;
	default:
		return hl_diag_set(d, HL_EINVAL, NULL, "a %s has nothing to "
		    "export", proto_type_names[h->type]);
	}
	if (h->id == NULL || h->from == NULL || h->to == NULL ||
	    (int)h->tlp < 0 || h->tlp >= TLP_COUNT)
		return hl_diag_set(d, HL_EINVAL, NULL, "a message with no id, "
		    "sender or recipient");
	xml_quiet();
	if ((xb = xmlBufferCreate()) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if ((o.w = xmlNewTextWriterMemory(xb, 0)) == NULL) {
		xmlBufferFree(xb);
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	}
	wr_check(&o, xmlTextWriterSetIndent(o.w, 1));
	wr_check(&o, xmlTextWriterSetIndentString(o.w,
	    (const xmlChar *)"  "));
	wr_check(&o, xmlTextWriterStartDocument(o.w, "1.0", "UTF-8", NULL));
	wr_start(&o, "IODEF-Document");
	wr_attr(&o, "version", "2.00");
	wr_attr(&o, "xml:lang", "en");
	wr_attr(&o, "xmlns", NS_IODEF);
	wr_attr(&o, "xmlns:ds", NS_DS);
	wr_incident(&o, h);
	wr_end(&o);
	if (o.err == 0)
		wr_check(&o, xmlTextWriterEndDocument(o.w));
	xmlFreeTextWriter(o.w);
	if (o.err == 0)
		o.err = buf_add(out, xmlBufferContent(xb),
		    (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	if (o.err == HL_EINVAL)
		return hl_diag_set(d, HL_EINVAL, NULL, "an indicator that is "
		    "not one of the request schema's types");
	if (o.err != 0)
		return hl_diag_set(d, o.err, NULL, "%s", o.err == HL_ETOOBIG ?
		    "the document is larger than the output's limit" :
		    "out of memory");
	return 0;
}
