/*
 * origins: attack logs to "where do the attacks come from", reproducibly.
 * This part reads log lines into events (an attacking address and, where
 * the format has one, a time) and tallies them per distinct address;
 * geo.h turns addresses into countries. Every line is either an event or
 * a skip with a reason that is counted: nothing is dropped silently.
 */
#ifndef HL_ORIGINS_H
#define HL_ORIGINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Formats, detected per file from its first meaningful line. */
enum origins_format {
	ORIGINS_AUTO,
	ORIGINS_LIST,	/* addresses or CIDRs, one per line, # comments */
	ORIGINS_WEB,	/* web server access logs, common and combined */
	ORIGINS_EVE,	/* Suricata EVE JSON, one event per line */
	ORIGINS_ZEEK,	/* Zeek TSV logs, by their #fields header */
	ORIGINS_ZEEKJSON, /* Zeek JSON logs */
	ORIGINS_AUTH,	/* OpenSSH's lines in syslog (auth.log) */
	ORIGINS_CSV,	/* CSV whose header names the address column */
	ORIGINS_NFORMATS
};

extern const char *const origins_format_names[];

/* Why a line is not an event; counted per reason. */
enum origins_skip {
	SKIP_NONE,
	SKIP_BLANK,		/* empty, a comment or a header */
	SKIP_NOT_ATTACK,	/* a line of the format that is no attack */
	SKIP_NOT_ADDRESS,	/* no valid address where the format has one */
	SKIP_MALFORMED,		/* not a line of the format */
	SKIP_TOO_LONG,		/* over HL_MAX_LOG_LINE */
	SKIP_FILTERED,		/* outside --since/--until or --event */
	SKIP_NREASONS
};

extern const char *const origins_skip_names[];	/* for people */
extern const char *const origins_skip_slugs[];	/* JSON keys */

/* An address: IPv4 as v4-mapped IPv6. */
struct origins_addr {
	uint8_t	b[16];
	uint8_t	prefix;		/* 128 for an address; less for a CIDR */
};

struct origins_event {
	struct origins_addr	addr;
	int64_t			time;		/* 0: the format has none */
	char			type[32];	/* EVE event_type, "" if none */
	uint64_t		line;		/* where it was read; set by the
						   caller, 0 if unknown */
};

/* Parses an address or CIDR, IPv4 or IPv6; false if it is neither. */
bool origins_addr_parse(const char *s, size_t n, struct origins_addr *a);

/* "192.0.2.1", "2001:db8::1", with "/len" for a CIDR; out >= 50 bytes. */
void origins_addr_format(const struct origins_addr *a, char *out, size_t n);

/* True for private, loopback, link-local, documentation and other
 * special-purpose (IANA) addresses, which no country can be blamed for. */
bool origins_addr_special(const struct origins_addr *a);

/* The format of a file whose first meaningful line is line. */
enum origins_format origins_detect(const char *line, size_t len);

/* Reading one file: its format, and what its headers said. */
struct origins_parser {
	enum origins_format	fmt;		/* ORIGINS_AUTO until known */
	/* Zeek TSV: the separator and the columns #fields names. */
	char			zsep;
	int			zaddr, zsrc, zts;	/* -1: none */
	char			zpath[32];		/* #path: the type */
	/* CSV: the columns its header names. */
	int			caddr, ctime;
	/* Syslog times have no year: the latest not past now + 1 day. */
	int64_t			now;
};

void origins_parser_init(struct origins_parser *p, enum origins_format fmt,
    int64_t now);

/*
 * An EVE line read with jansson, the reference the fast reader that
 * origins_parse() uses must agree with (fuzz_logline checks it does).
 */
enum origins_skip origins_eve_reference(const char *line, size_t len,
    struct origins_event *ev);

/*
 * One line (no newline) into ev: SKIP_NONE if it is an event, else why
 * not. Header lines (Zeek's, CSV's) set up p and count as SKIP_BLANK;
 * until a line shows the format, lines are SKIP_MALFORMED.
 */
enum origins_skip origins_parse(struct origins_parser *p, const char *line,
    size_t len, struct origins_event *ev);

/* Per distinct address: how many events, first and last seen. */
struct origins_seen {
	struct origins_addr	addr;
	uint64_t		events;
	int64_t			first;	/* 0: no time known */
	int64_t			last;
};

/*
 * The tally: a table keyed by SipHash-2-4 (crypto_shorthash) with a
 * random key of its own, so no log can choose addresses that collide,
 * whatever it knows of this code; linear probing. At most max distinct
 * addresses: past them, an event of an address not yet in the table is
 * counted in over, not in the table, and the line of the first such
 * event is kept.
 */
struct origins_tally {
	struct origins_seen	*slot;	/* open addressing; addr.prefix 0 = free */
	size_t			 cap, n;
	uint64_t		 events;	/* events in the table */
	size_t			 max;	/* distinct addresses at most (0 if
					   zeroed: HL_MAX_ORIGINS_ADDRS) */
	uint64_t		 over;	/* events refused past max */
	uint64_t		 over_line; /* line of the first refused */
	uint8_t			 key[16]; /* the SipHash key */
	bool			 keyed;	/* key drawn (lazily if zeroed) */
};

/*
 * An empty tally of at most max distinct addresses (0, or more than
 * HL_MAX_ORIGINS_ADDRS: that limit), with a fresh random key. A zeroed
 * struct is the same with max 0. Needs libsodium initialized (hl_init).
 */
void origins_tally_init(struct origins_tally *t, size_t max);

/*
 * Counts ev: in the table, or in over if the table is full and ev's
 * address new; HL_ENOMEM if the table cannot grow.
 */
int origins_tally_add(struct origins_tally *t, const struct origins_event *ev)
    __attribute__((warn_unused_result));
/* Events a caller may hand to origins_tally_add_many() at once. */
#define ORIGINS_BATCH	64

/* origins_tally_add() for n <= ORIGINS_BATCH events, faster. */
int origins_tally_add_many(struct origins_tally *t,
    const struct origins_event *ev, size_t n)
    __attribute__((warn_unused_result));

/*
 * Adds src's counts to dst (a second thread's part of a file), and its
 * over; addresses new to a full dst are counted in dst's over, in src's
 * table order (callers that need file order do not merge into a tally
 * that could fill: see tally.c).
 */
int origins_tally_merge(struct origins_tally *dst,
    const struct origins_tally *src) __attribute__((warn_unused_result));
void origins_tally_free(struct origins_tally *t);

#endif
