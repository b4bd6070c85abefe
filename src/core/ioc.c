/*
 * An indicator's value: typed, refanged and in canonical form. See ioc.h.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "ioc.h"
#include "limits.h"
#include "schema.h"

const char *const ioc_type_names[IOC_NTYPES] = { "ipv4", "ipv6", "cidr",
	"domain", "url", "email", "md5", "sha1", "sha256" };

int
ioc_type_parse(const char *s)
{
	for (int i = 0; i < IOC_NTYPES; i++)
		if (strcmp(s, ioc_type_names[i]) == 0)
			return i;
	return -1;
}

/* The defanged spellings CERTs exchange, and what each stands for. */
static const struct {
	const char	*from;
	const char	*to;
} defangs[] = {
	{ "[.]", "." }, { "(.)", "." }, { "[dot]", "." }, { "(dot)", "." },
	{ "[:]", ":" }, { "[@]", "@" }, { "[at]", "@" }, { "(at)", "@" },
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether n bytes at s begin with the NUL-terminated w, in any case. */
static bool
starts_nocase(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(s[i]) != w[i])
			return false;
	return true;
}

/*
 * s without its defanging into out (at least n + 1 bytes: every form is
 * at least as long as what it stands for). "hxxp" is "http" only as a
 * scheme, at the start: "hxxpool.example" is a name.
 */
static size_t
refang(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;

	/* A scheme: "hxxp://", "hxxps://", or with its colon defanged. */
	if (starts_nocase(s, n, "hxxp") && (starts_nocase(s + 4, n - 4, ":") ||
	    starts_nocase(s + 4, n - 4, "s:") ||
	    starts_nocase(s + 4, n - 4, "[:]") ||
	    starts_nocase(s + 4, n - 4, "s[:]"))) {
		memcpy(out, "http", 4);
		i = o = 4;
	}
	while (i < n) {
		size_t k;

		for (k = 0; k < sizeof(defangs) / sizeof(defangs[0]); k++)
			if (starts_nocase(s + i, n - i, defangs[k].from))
				break;
		if (k < sizeof(defangs) / sizeof(defangs[0])) {
			out[o++] = defangs[k].to[0];
			i += strlen(defangs[k].from);
		} else
			out[o++] = s[i++];
	}
	out[o] = '\0';
	return o;
}

/* A network: address/length, written back canonical. */
static int
infer_cidr(const char *t, const char *slash, char *out, size_t outsz,
    char *why, size_t whysz)
{
	char addr[INET6_ADDRSTRLEN + 1], canon[INET6_ADDRSTRLEN + 1];
	unsigned char a[16];
	int64_t bits;
	bool host = false;
	size_t alen;
	int af;

	if ((size_t)(slash - t) > INET6_ADDRSTRLEN) {
		(void)snprintf(why, whysz, "not a network (address/length)");
		return HL_EINVAL;
	}
	memcpy(addr, t, (size_t)(slash - t));
	addr[slash - t] = '\0';
	af = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
	alen = af == AF_INET ? 4 : 16;
	if (inet_pton(af, addr, a) != 1) {
		(void)snprintf(why, whysz, "not a network (address/length) "
		    "nor a URL (scheme://...)");
		return HL_EINVAL;
	}
	if (!proto_int_parse(slash + 1, 0, (int64_t)alen * 8, &bits)) {
		(void)snprintf(why, whysz, "not a network: the length must "
		    "be from 0 to %zu", alen * 8);
		return HL_EINVAL;
	}
	for (size_t i = 0; i < alen; i++) {
		int keep = (int)bits - (int)i * 8;
		unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 :
		    (unsigned char)(0xff << (8 - keep));

		host |= (a[i] & ~mask) != 0;
		a[i] &= mask;
	}
	(void)inet_ntop(af, a, canon, sizeof(canon));
	if (host) {
		(void)snprintf(why, whysz, "host bits set after /%lld: the "
		    "network is %s/%lld", (long long)bits, canon,
		    (long long)bits);
		return HL_EINVAL;
	}
	(void)snprintf(out, outsz, "%s/%lld", canon, (long long)bits);
	return 0;
}

/* What t (refanged, trimmed, m bytes, no blank) is, in the schema's form. */
static int
infer_type(char *t, size_t m, enum ioc_type *type, char *out, size_t outsz,
    char *why, size_t whysz)
{
	unsigned char a[16];
	const char *slash, *colon;
	size_t i, hex = 0, digits = 0;
	char *at;

	/* URL: a scheme, then "://"; only the scheme's case is ours. */
	for (i = 0; i < m && ((lower(t[i]) >= 'a' && lower(t[i]) <= 'z') ||
	    (i > 0 && ((t[i] >= '0' && t[i] <= '9') || t[i] == '+' ||
	    t[i] == '.' || t[i] == '-'))); i++)
		;
	if (i > 0 && m - i >= 3 && memcmp(t + i, "://", 3) == 0) {
		for (size_t k = 0; k < i; k++)
			t[k] = lower(t[k]);
		*type = IOC_URL;
		(void)snprintf(out, outsz, "%s", t);
		return 0;
	}
	if ((at = strrchr(t, '@')) != NULL) {
		size_t dl;

		for (char *p = at + 1; *p != '\0'; p++)
			*p = lower(*p);
		dl = strlen(at + 1);
		if (dl > 1 && at[dl] == '.')
			at[dl] = '\0';
		*type = IOC_EMAIL;
		(void)snprintf(out, outsz, "%s", t);
		return 0;
	}
	if ((slash = strchr(t, '/')) != NULL) {
		*type = IOC_CIDR;
		return infer_cidr(t, slash, out, outsz, why, whysz);
	}
	/* An address in brackets, as a URL writes it. */
	if (m > 2 && t[0] == '[' && t[m - 1] == ']') {
		t[--m] = '\0';
		t++;
		m--;
	}
	if ((colon = strchr(t, ':')) != NULL) {
		char v4[INET_ADDRSTRLEN];
		size_t k = (size_t)(strrchr(t, ':') - t);

		if (k < sizeof(v4) && strchr(t, '.') != NULL) {
			memcpy(v4, t, k);
			v4[k] = '\0';
			if (inet_pton(AF_INET, v4, a) == 1) {
				(void)snprintf(why, whysz, "an address and a "
				    "port: write the address alone");
				return HL_EINVAL;
			}
		}
		if (inet_pton(AF_INET6, t, a) != 1) {
			(void)snprintf(why, whysz, "not an IPv6 address");
			return HL_EINVAL;
		}
		*type = IOC_IPV6;
		(void)inet_ntop(AF_INET6, a, out, (socklen_t)outsz);
		return 0;
	}
	for (i = 0; i < m; i++) {
		hex += is_hex(t[i]);
		digits += (t[i] >= '0' && t[i] <= '9') || t[i] == '.';
	}
	/* A digest may be all decimal digits: its length says which. */
	if (digits == m && !(hex == m && (m == 32 || m == 40 || m == 64))) {
		if (inet_pton(AF_INET, t, a) != 1) {
			(void)snprintf(why, whysz, "not an IPv4 address");
			return HL_EINVAL;
		}
		*type = IOC_IPV4;
		(void)inet_ntop(AF_INET, a, out, (socklen_t)outsz);
		return 0;
	}
	/* Hex of 16 digits or more is no word: a digest cut or padded. */
	if (hex == m && m >= 16 && m != 32 && m != 40 && m != 64) {
		(void)snprintf(why, whysz, "%zu hex digits: not an MD5 (32), "
		    "SHA-1 (40) or SHA-256 (64)", m);
		return HL_EINVAL;
	}
	if (hex == m && (m == 32 || m == 40 || m == 64)) {
		*type = m == 32 ? IOC_MD5 : m == 40 ? IOC_SHA1 : IOC_SHA256;
		for (i = 0; i < m; i++)
			out[i] = lower(t[i]);
		out[m] = '\0';
		return 0;
	}
	for (i = 0; i < m; i++)
		t[i] = lower(t[i]);
	if (m > 1 && t[m - 1] == '.')
		t[--m] = '\0';
	if (strchr(t, '.') == NULL) {
		(void)snprintf(why, whysz, "not an address, network, domain, "
		    "URL, e-mail address or hash");
		return HL_EINVAL;
	}
	*type = IOC_DOMAIN;
	(void)snprintf(out, outsz, "%s", t);
	return 0;
}

int
ioc_infer(const char *s, size_t n, enum ioc_type *type, char *out,
    size_t outsz, char *why, size_t whysz)
{
	char t[HL_MAX_INDICATOR_LEN + 1], schema_why[480];
	size_t m;
	int r;

	if (outsz < HL_MAX_INDICATOR_LEN + 1 || why == NULL || whysz == 0)
		return HL_EINVAL;
	*why = '\0';
	*out = '\0';
	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n == 0) {
		(void)snprintf(why, whysz, "empty");
		return HL_EINVAL;
	}
	if (n > HL_MAX_INDICATOR_LEN) {
		(void)snprintf(why, whysz, "longer than %d bytes",
		    HL_MAX_INDICATOR_LEN);
		return HL_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t') {
			(void)snprintf(why, whysz, "more than one value: "
			    "a blank at byte %zu (one value a line; cut -f1 "
			    "keeps a feed's first column)", i);
			return HL_EINVAL;
		}
		if (c < 0x20 || c == 0x7f) {
			(void)snprintf(why, whysz, "control character at "
			    "byte %zu", i);
			return HL_EINVAL;
		}
		if (c >= 0x80) {
			(void)snprintf(why, whysz, "non-ASCII byte at %zu: "
			    "write a domain in its xn-- form, percent-encode "
			    "a URL", i);
			return HL_EINVAL;
		}
	}
	m = refang(s, n, t);
	if ((r = infer_type(t, m, type, out, outsz, why, whysz)) != 0)
		return r;
	/* The point of it all: a value a request could carry as it is. */
	if (schema_indicator_check(ioc_type_names[*type], out, schema_why,
	    sizeof(schema_why)) != 0) {
		(void)snprintf(why, whysz, "not a valid %s: %s",
		    ioc_type_names[*type], schema_why);
		*out = '\0';
		return HL_EINVAL;
	}
	return 0;
}


/* "an ipv4", "a domain": the type names said as English says them. */
static const char *
article(enum ioc_type t)
{
	return t == IOC_IPV4 || t == IOC_IPV6 || t == IOC_EMAIL ||
	    t == IOC_MD5 ? "an" : "a";
}

int
ioc_canon(enum ioc_type want, const char *s, size_t n, enum ioc_type *type,
    char *out, size_t outsz, char *why, size_t whysz)
{
	int r;

	if ((r = ioc_infer(s, n, type, out, outsz, why, whysz)) != 0)
		return r;
	if (*type == want || (*type == IOC_CIDR && ((want == IOC_IPV4 &&
	    strchr(out, ':') == NULL) || (want == IOC_IPV6 &&
	    strchr(out, ':') != NULL))))
		return 0;
	(void)snprintf(why, whysz, "%s %s, not %s %s", article(*type),
	    ioc_type_names[*type], article(want), ioc_type_names[want]);
	*out = '\0';
	return HL_EINVAL;
}

const char *
ioc_list_next(const char **p, const char *end, uint64_t *line, size_t *n)
{
	while (*p < end) {
		const char *nl = memchr(*p, '\n', (size_t)(end - *p));
		const char *e = nl != NULL ? nl : end, *s = *p, *c;

		*p = nl != NULL ? nl + 1 : end;
		(*line)++;
		while (s < e && is_blank(*s))
			s++;
		if (s == e || *s == '#')
			continue;
		/* A comment may follow the value after a blank. */
		for (c = s; c < e; c++)
			if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t')) {
				e = c;
				break;
			}
		*n = (size_t)(e - s);
		return s;
	}
	return NULL;
}
