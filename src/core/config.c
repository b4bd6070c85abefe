/*
 * Config file parsing. See config.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->tier = TIER_CERT;
	(void)snprintf(c->listen, sizeof(c->listen), "127.0.0.1:7443");
	(void)snprintf(c->endpoint, sizeof(c->endpoint),
	    "https://127.0.0.1:7443");
	/* DESIGN.md: a first answer within 72 hours, the last within 30 days. */
	c->first_response = 72 * 3600;
	c->final_response = 30 * 86400;
	c->escalate = true;
	c->cosign_refresh = 3600;
	c->unreachable_after = 300;
	/* NTP keeps clocks within a second; minutes forgive a slow sync. */
	c->clock_skew = 5 * 60;
	/*
	 * A request's observed window is the requester's view; a day each
	 * side forgives clocks, time zones and a log that lags.
	 */
	c->match_margin = 86400;
	(void)snprintf(c->console_listen, sizeof(c->console_listen),
	    "127.0.0.1:7444");
	/* A notifier is a person's phone: ten seconds or it is hung. */
	c->notify_timeout = 10;
	/* A card is renewed once a year, as a TLS certificate would be. */
	c->card_validity = 365 * 86400;
	/* Long enough for every outbox to drain over a bad day's link. */
	c->key_grace = 86400;
	/* A duty officer on the other side answers within a working day. */
	c->contact_deadline = 86400;
}

bool
config_listen_valid(const char *s)
{
	const char *colon = strrchr(s, ':');
	int64_t port;

	if (colon == NULL || colon == s || strlen(s) > HL_MAX_URL_LEN)
		return false;
	if (!proto_int_parse(colon + 1, 1, 65535, &port))
		return false;
	for (const char *p = s; p < colon; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '/')
			return false;
	return true;
}

static bool printable(const char *s);

bool
config_endpoint_valid(const char *s)
{
	size_t n = strlen(s);

	if (n > HL_MAX_URL_LEN || strncmp(s, "https://", 8) != 0 || n == 8)
		return false;
	return printable(s);
}

/* Printable ASCII: no control character, space or DEL. */
static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

bool
config_url_valid(const char *s)
{
	size_t n = strlen(s);

	if (strncmp(s, "https://", 8) == 0)
		return config_endpoint_valid(s);
	return n <= HL_MAX_URL_LEN && strncmp(s, "http://", 7) == 0 &&
	    n > 7 && printable(s);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

int64_t
config_first_response(const struct config *c, int to)
{
	return to >= 0 && to < TIER_COUNT && c->first_response_to[to] > 0 ?
	    c->first_response_to[to] : c->first_response;
}

int64_t
config_final_response(const struct config *c, int to)
{
	return to >= 0 && to < TIER_COUNT && c->final_response_to[to] > 0 ?
	    c->final_response_to[to] : c->final_response;
}

/*
 * How a key's value is read into its field: each type names the one check
 * that value must pass.
 */
enum key_type {
	KEY_PARTY,		/* a party id (char[]) */
	KEY_STATE,		/* ISO 3166 alpha-2 (char[3]) */
	KEY_TIER,		/* a tier name (enum tier) */
	KEY_LISTEN,		/* HOST:PORT (char[]) */
	KEY_ENDPOINT,		/* an https:// URL (char[]) */
	KEY_DURATION,		/* a duration (int64_t, seconds) */
	KEY_DURATION_OR_0,	/* a duration, or 0 for none (int64_t) */
	KEY_SKEW,		/* a duration or 0, at most HL_MAX_CLOCK_SKEW */
	KEY_YESNO,		/* "yes" or "no" (bool) */
	KEY_CONSOLE,		/* HOST:PORT or "none" (console_listen) */
	KEY_PATH,		/* an absolute path (char[]) */
	KEY_URL			/* an http:// or https:// URL (char[]) */
};

/* One key of the file: its name, the field it sets and how. */
struct key {
	const char	*name;
	enum key_type	 type;
	size_t		 off;		/* of the field in struct config */
	size_t		 size;		/* of the field, for strings */
	bool		 required;	/* config_parse() fails without it */
};

#define FIELD(f)	offsetof(struct config, f), \
			sizeof(((struct config *)0)->f)
/* One tier's element of a per-tier array of int64_t. */
#define TIERED(f, t)	offsetof(struct config, f) + (t) * sizeof(int64_t), \
			sizeof(int64_t)

/*
 * Every key, in the order a missing required one is named. At most 32
 * (config_parse() keeps which were seen in a bit mask).
 */
static const struct key keys[] = {
	{ "party",		KEY_PARTY,	FIELD(party),		true },
	{ "state",		KEY_STATE,	FIELD(state),		true },
	{ "tier",		KEY_TIER,	FIELD(tier),		true },
	{ "listen",		KEY_LISTEN,	FIELD(listen),		false },
	{ "taxii_listen",	KEY_LISTEN,	FIELD(taxii_listen),	false },
	{ "endpoint",		KEY_ENDPOINT,	FIELD(endpoint),	false },
	{ "console_listen",	KEY_CONSOLE,	FIELD(console_listen),	false },
	{ "console_cert",	KEY_PATH,	FIELD(console_cert),	false },
	{ "console_key",	KEY_PATH,	FIELD(console_key),	false },
	{ "notify_exec",	KEY_PATH,	FIELD(notify_exec),	false },
	{ "notify_webhook",	KEY_URL,	FIELD(notify_webhook),	false },
	{ "notify_timeout",	KEY_DURATION,	FIELD(notify_timeout),	false },
	{ "first_response",	KEY_DURATION,	FIELD(first_response),	false },
	{ "final_response",	KEY_DURATION,	FIELD(final_response),	false },
	{ "escalate",		KEY_YESNO,	FIELD(escalate),	false },
	{ "ping_interval",	KEY_DURATION_OR_0,
	    FIELD(ping_interval),				false },
	{ "first_response.cert", KEY_DURATION,
	    TIERED(first_response_to, TIER_CERT),		false },
	{ "first_response.nrrc", KEY_DURATION,
	    TIERED(first_response_to, TIER_NRRC),		false },
	{ "first_response.policy", KEY_DURATION,
	    TIERED(first_response_to, TIER_POLICY),		false },
	{ "final_response.cert", KEY_DURATION,
	    TIERED(final_response_to, TIER_CERT),		false },
	{ "final_response.nrrc", KEY_DURATION,
	    TIERED(final_response_to, TIER_NRRC),		false },
	{ "final_response.policy", KEY_DURATION,
	    TIERED(final_response_to, TIER_POLICY),		false },
	{ "cosign_refresh",	KEY_DURATION_OR_0,
	    FIELD(cosign_refresh),				false },
	{ "unreachable_after",	KEY_DURATION,
	    FIELD(unreachable_after),				false },
	{ "clock_skew",		KEY_SKEW,	FIELD(clock_skew),	false },
	{ "match.margin",	KEY_DURATION_OR_0,
	    FIELD(match_margin),				false },
	{ "card_validity",	KEY_DURATION,	FIELD(card_validity),	false },
	{ "key_grace",		KEY_DURATION_OR_0,
	    FIELD(key_grace),					false },
	{ "contact_deadline",	KEY_DURATION,
	    FIELD(contact_deadline),				false },
};

#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

_Static_assert(NKEYS <= 32, "config_parse() keeps seen keys in 32 bits");

static const struct key *
key_find(const char *name, unsigned *bit)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0) {
			*bit = 1u << i;
			return &keys[i];
		}
	return NULL;
}

/* Sets k's field in c from val; false if val is not one of k's type. */
static bool
key_set(struct config *c, const struct key *k, const char *val)
{
	char *f = (char *)c + k->off;
	int64_t *i = (int64_t *)(void *)f;
	int t;

	switch (k->type) {
	case KEY_PARTY:
		if (!proto_party_valid(val))
			return false;
		(void)snprintf(f, k->size, "%s", val);
		return true;
	case KEY_STATE:
		if (!proto_state_valid(val))
			return false;
		memcpy(f, val, 3);
		return true;
	case KEY_TIER:
		if ((t = proto_lookup(proto_tier_names, val)) < 0)
			return false;
		*(enum tier *)(void *)f = (enum tier)t;
		return true;
	case KEY_LISTEN:
		if (!config_listen_valid(val))
			return false;
		(void)snprintf(f, k->size, "%s", val);
		return true;
	case KEY_ENDPOINT:
		if (!config_endpoint_valid(val))
			return false;
		(void)snprintf(f, k->size, "%s", val);
		return true;
	case KEY_DURATION:
		return proto_duration_parse(val, i);
	case KEY_DURATION_OR_0:
		if (strcmp(val, "0") == 0) {
			*i = 0;
			return true;
		}
		return proto_duration_parse(val, i);
	case KEY_SKEW:
		/* 0 is allowed: nothing dated after this node's now. */
		if (strcmp(val, "0") == 0) {
			*i = 0;
			return true;
		}
		return proto_duration_parse(val, i) && *i <= HL_MAX_CLOCK_SKEW;
	case KEY_YESNO:
		if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
			return false;
		*(bool *)(void *)f = strcmp(val, "yes") == 0;
		return true;
	case KEY_CONSOLE:
		c->console_set = true;
		if (strcmp(val, "none") == 0) {
			f[0] = '\0';
			return true;
		}
		if (!config_listen_valid(val))
			return false;
		(void)snprintf(f, k->size, "%s", val);
		return true;
	case KEY_PATH:
		if (val[0] != '/' || strlen(val) >= k->size || !printable(val))
			return false;
		(void)snprintf(f, k->size, "%s", val);
		return true;
	case KEY_URL:
		if (!config_url_valid(val) || strlen(val) >= k->size)
			return false;
		(void)snprintf(f, k->size, "%s", val);
		return true;
	}
	return false;
}

/* Applies one `key = value` line. */
static int
config_line(struct config *c, char *line, unsigned *seen, unsigned *lines,
    unsigned lineno, struct hl_diag *d)
{
	const struct key *k;
	char *key = line, *val, *end;
	unsigned bit;

	while (is_space(*key))
		key++;
	if (*key == '\0' || *key == '#')
		return 0;
	if ((val = strchr(key, '=')) == NULL)
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "line %u: expected key = value", lineno);
	end = val++;
	while (end > key && is_space(end[-1]))
		end--;
	*end = '\0';
	while (is_space(*val))
		val++;
	end = val + strlen(val);
	while (end > val && is_space(end[-1]))
		end--;
	*end = '\0';
	if ((k = key_find(key, &bit)) == NULL)
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "line %u: unknown key '%s'", lineno, key);
	if (*seen & bit)
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "line %u: '%s' given twice", lineno, key);
	*seen |= bit;
	lines[k - keys] = lineno;
	if (!key_set(c, k, val))
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "line %u: bad value for '%s': '%.64s'", lineno, key, val);
	return 0;
}

int
config_parse(const char *text, size_t n, struct config *c, struct hl_diag *d)
{
	char line[HL_MAX_CONFIG_LINE + 1];
	unsigned seen = 0, lineno = 0, lines[NKEYS];
	size_t at = 0;
	int r;

	config_defaults(c);
	if (n > HL_MAX_CONFIG_BYTES)
		return hl_diag_set(d, HL_ECONFIG, NULL, "larger than %d bytes",
		    HL_MAX_CONFIG_BYTES);
	while (at < n) {
		const char *nl = memchr(text + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - (text + at)) : n - at;

		lineno++;
		if (len > HL_MAX_CONFIG_LINE)
			return hl_diag_set(d, HL_ECONFIG, NULL,
			    "line %u: longer than %d bytes", lineno,
			    HL_MAX_CONFIG_LINE);
		memcpy(line, text + at, len);
		line[len] = '\0';
		if (memchr(line, '\0', len) != NULL)
			return hl_diag_set(d, HL_ECONFIG, NULL,
			    "line %u: NUL byte", lineno);
		if ((r = config_line(c, line, &seen, lines, lineno, d)) != 0)
			return r;
		at += len + (nl ? 1 : 0);
	}
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].required && !(seen & (1u << i)))
			return hl_diag_set(d, HL_ECONFIG, NULL, "missing %s",
			    keys[i].name);
	/*
	 * One address, two sites: the peers' would take what TAXII clients
	 * send (the other address on the same port fails when bound).
	 */
	if (c->taxii_listen[0] != '\0' &&
	    strcmp(c->taxii_listen, c->listen) == 0) {
		unsigned bit;
		const struct key *k = key_find("taxii_listen", &bit);

		return hl_diag_set(d, HL_ECONFIG, NULL, "line %u: "
		    "taxii_listen is listen's address (%s); TAXII needs one "
		    "of its own", lines[k - keys], c->taxii_listen);
	}
	if (c->console_listen[0] != '\0' &&
	    (strcmp(c->console_listen, c->listen) == 0 ||
	    strcmp(c->console_listen, c->taxii_listen) == 0)) {
		unsigned bit;
		const struct key *k = key_find("console_listen", &bit);

		const char *other = strcmp(c->console_listen, c->listen) == 0 ?
		    "listen" : "taxii_listen";

		if (!c->console_set)
			return hl_diag_set(d, HL_ECONFIG, NULL, "line %u: %s "
			    "is the console's default address (%s); set "
			    "console_listen to another, or to none",
			    lines[key_find(other, &bit) - keys], other,
			    c->console_listen);
		return hl_diag_set(d, HL_ECONFIG, NULL, "line %u: "
		    "console_listen is %s's address (%s); the console needs "
		    "one of its own", lines[k - keys], other,
		    c->console_listen);
	}
	if ((c->console_cert[0] == '\0') != (c->console_key[0] == '\0')) {
		unsigned bit;
		const struct key *k = key_find(c->console_cert[0] != '\0' ?
		    "console_cert" : "console_key", &bit);

		return hl_diag_set(d, HL_ECONFIG, NULL, "line %u: "
		    "console_cert and console_key go together", lines[k - keys]);
	}
	return 0;
}

int
config_load(const char *path, struct config *c, struct hl_diag *d)
{
	char text[HL_MAX_CONFIG_BYTES + 1];
	ssize_t n;
	size_t got = 0;
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return hl_diag_set(d, errno == ENOENT ? HL_ENOTFOUND : HL_EIO,
		    NULL, "%s: %s", path, strerror(errno));
	while (got < sizeof(text) &&
	    (n = read(fd, text + got, sizeof(text) - got)) > 0)
		got += (size_t)n;
	(void)close(fd);
	if ((r = config_parse(text, got, c, d)) != 0) {
		char msg[sizeof(d->msg)];

		if (d != NULL) {
			(void)snprintf(msg, sizeof(msg), "%s", d->msg);
			(void)hl_diag_set(d, r, NULL, "%s: %s", path, msg);
		}
	}
	return r;
}
