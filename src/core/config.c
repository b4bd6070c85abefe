/*
 * Config file parsing. See config.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
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

bool
config_endpoint_valid(const char *s)
{
	size_t n = strlen(s);

	if (n > HL_MAX_URL_LEN || strncmp(s, "https://", 8) != 0 || n == 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
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

/* Applies one `key = value` line. */
static int
config_line(struct config *c, char *line, unsigned *seen, unsigned lineno,
    struct hl_diag *d)
{
	static const char *const keys[] = { "party", "state", "tier",
		"listen", "endpoint", "first_response", "final_response",
		"escalate", "ping_interval",
		"first_response.cert", "first_response.nrrc",
		"first_response.policy", "final_response.cert",
		"final_response.nrrc", "final_response.policy",
		"cosign_refresh", "unreachable_after", "clock_skew", NULL };
	char *key = line, *val, *end;
	int k, t;

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
	if ((k = proto_lookup(keys, key)) < 0)
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "line %u: unknown key '%s'", lineno, key);
	if (*seen & (1u << k))
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "line %u: '%s' given twice", lineno, key);
	*seen |= 1u << k;
	switch (k) {
	case 0:
		if (!proto_party_valid(val))
			goto bad;
		(void)snprintf(c->party, sizeof(c->party), "%s", val);
		break;
	case 1:
		if (!proto_state_valid(val))
			goto bad;
		memcpy(c->state, val, 3);
		break;
	case 2:
		if ((t = proto_lookup(proto_tier_names, val)) < 0)
			goto bad;
		c->tier = (enum tier)t;
		break;
	case 3:
		if (!config_listen_valid(val))
			goto bad;
		(void)snprintf(c->listen, sizeof(c->listen), "%s", val);
		break;
	case 4:
		if (!config_endpoint_valid(val))
			goto bad;
		(void)snprintf(c->endpoint, sizeof(c->endpoint), "%s", val);
		break;
	case 5:
		if (!proto_duration_parse(val, &c->first_response))
			goto bad;
		break;
	case 6:
		if (!proto_duration_parse(val, &c->final_response))
			goto bad;
		break;
	case 7:
		if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
			goto bad;
		c->escalate = strcmp(val, "yes") == 0;
		break;
	case 8:
		if (strcmp(val, "0") == 0)
			c->ping_interval = 0;
		else if (!proto_duration_parse(val, &c->ping_interval))
			goto bad;
		break;
	case 9: case 10: case 11:
		if (!proto_duration_parse(val, &c->first_response_to[k - 9]))
			goto bad;
		break;
	case 12: case 13: case 14:
		if (!proto_duration_parse(val, &c->final_response_to[k - 12]))
			goto bad;
		break;
	case 15:
		if (strcmp(val, "0") == 0)
			c->cosign_refresh = 0;
		else if (!proto_duration_parse(val, &c->cosign_refresh))
			goto bad;
		break;
	case 16:
		if (!proto_duration_parse(val, &c->unreachable_after))
			goto bad;
		break;
	case 17:
		/* 0 is allowed: nothing dated after this node's now. */
		if (strcmp(val, "0") == 0)
			c->clock_skew = 0;
		else if (!proto_duration_parse(val, &c->clock_skew) ||
		    c->clock_skew > HL_MAX_CLOCK_SKEW)
			goto bad;
		break;
	}
	return 0;
bad:
	return hl_diag_set(d, HL_ECONFIG, NULL,
	    "line %u: bad value for '%s': '%.64s'", lineno, key, val);
}

int
config_parse(const char *text, size_t n, struct config *c, struct hl_diag *d)
{
	char line[HL_MAX_CONFIG_LINE + 1];
	unsigned seen = 0, lineno = 0;
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
		if ((r = config_line(c, line, &seen, lineno, d)) != 0)
			return r;
		at += len + (nl ? 1 : 0);
	}
	if ((seen & 7u) != 7u)
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "missing %s", !(seen & 1u) ? "party" :
		    !(seen & 2u) ? "state" : "tier");
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
