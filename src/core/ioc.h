/*
 * ioc: an indicator's value on its own: the nine types a request may
 * carry, and a value as people and feeds write it (blanks around it,
 * defanged as "evil[.]com" or "hxxp://", upper-case hex) typed and put in
 * the one spelling PROTOCOL.md gives its type, checked by the request
 * schema's own schema_indicator_check(). Shared by match's lists and by
 * every importer, so that a value means one thing however it came.
 */
#ifndef HL_IOC_H
#define HL_IOC_H

#include <stddef.h>
#include <stdint.h>

/* The request schema's indicator types (ioc_type_names spells them). */
enum ioc_type {
	IOC_IPV4,
	IOC_IPV6,
	IOC_CIDR,
	IOC_DOMAIN,
	IOC_URL,
	IOC_EMAIL,
	IOC_MD5,
	IOC_SHA1,
	IOC_SHA256,
	IOC_NTYPES
};

/* "ipv4", "ipv6", "cidr", ...: as the schema spells them. */
extern const char *const ioc_type_names[IOC_NTYPES];

/* The type named s ("ipv4", ...); -1 if none. */
int ioc_type_parse(const char *s);

/*
 * One value (no newline, surrounding blanks allowed, defanged forms like
 * "evil[.]com" and "hxxp://" accepted): its type and canonical spelling
 * into out (outsz >= HL_MAX_INDICATOR_LEN + 1). Returns 0, or HL_EINVAL
 * with why (whysz bytes) saying what it is not.
 */
int ioc_infer(const char *s, size_t n, enum ioc_type *type, char *out,
    size_t outsz, char *why, size_t whysz)
    __attribute__((warn_unused_result));

/*
 * A value whose type a format states (a STIX object path, a MISP
 * attribute type): read as ioc_infer() reads it, but it must come out as
 * want, or as a network (cidr) of want's family for ipv4 and ipv6, since
 * STIX and MISP write networks as addresses; *type says which. 0, or
 * HL_EINVAL with why ("a domain, not an ipv4").
 */
int ioc_canon(enum ioc_type want, const char *s, size_t n,
    enum ioc_type *type, char *out, size_t outsz, char *why, size_t whysz)
    __attribute__((warn_unused_result));

/*
 * The next value of a plain list at *p, before end: one value a line;
 * blank lines, lines whose first non-blank is '#', and a '#' comment
 * after a blank are not values. Advances *p past its line and *line to
 * its number; *n is its length, blanks around it included (ioc_infer()
 * trims them). NULL at the end.
 */
const char *ioc_list_next(const char **p, const char *end, uint64_t *line,
    size_t *n);

#endif
