/*
 * The node's config file: `key = value` lines, '#' comments, every key
 * documented in hotline.conf(5). Unknown keys, duplicates and bad values
 * are errors naming the line. Parsing is line at a time, so that the whole
 * parser can be fuzzed from one buffer.
 */
#ifndef HL_CONFIG_H
#define HL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "limits.h"
#include "proto.h"

struct config {
	char		party[HL_MAX_PARTY_LEN + 1];	/* this node's party id */
	char		state[3];			/* ISO 3166 alpha-2 */
	enum tier	tier;
	char		listen[HL_MAX_URL_LEN + 1];	/* HOST:PORT to serve on */
	/* HOST:PORT of the TAXII listener, not listen's; "" when off */
	char		taxii_listen[HL_MAX_URL_LEN + 1];
	char		endpoint[HL_MAX_URL_LEN + 1];	/* URL peers reach us at */
	/*
	 * HOST:PORT of the operators' console and REST API; "" when off
	 * ("none"). console_set: given in the file, not the default, so
	 * that failing to bind it is fatal (see serve).
	 */
	char		console_listen[HL_MAX_URL_LEN + 1];
	bool		console_set;
	/* The console's TLS certificate and key; "": the node's own */
	char		console_cert[HL_MAX_CONFIG_PATH + 1];
	char		console_key[HL_MAX_CONFIG_PATH + 1];
	/* Notifications: a program run per event, a URL POSTed it; "": none */
	char		notify_exec[HL_MAX_CONFIG_PATH + 1];
	char		notify_webhook[HL_MAX_URL_LEN + 1];
	int64_t		notify_timeout;	/* each run or POST may take, s */
	int64_t		first_response;	/* a request's default deadline, s */
	int64_t		final_response;	/* when the final answer is due, s */
	/* The same for requests to a peer of one tier; 0: as above. */
	int64_t		first_response_to[TIER_COUNT];
	int64_t		final_response_to[TIER_COUNT];
	bool		escalate;	/* escalate overdue requests */
	int64_t		ping_interval;	/* seconds between pings; 0: none */
	int64_t		cosign_refresh;	/* re-cosign an unchanged head; 0: no */
	int64_t		unreachable_after; /* a failing link's alarm, seconds */
	int64_t		clock_skew;	/* a peer's time may be ahead, s */
	int64_t		match_margin;	/* match: observed widened by, s */
	int64_t		card_validity;	/* a new card's not_after - not_before */
	int64_t		key_grace;	/* a rotated key is still taken, s */
	int64_t		contact_deadline; /* a person acks a contact check by */
};

/*
 * When the first and the final answer to a request are due, in seconds
 * from its creation, for a request to a peer of tier to (-1: unknown).
 */
int64_t config_first_response(const struct config *c, int to);
int64_t config_final_response(const struct config *c, int to);

/* Fills defaults for everything but party, state and tier. */
void config_defaults(struct config *c);

/*
 * Parses n bytes of config text. d names the line ("line 3: ...") of the
 * first error; the required keys (party, state, tier) must all be there,
 * and taxii_listen, if given, is not the address listen gives.
 */
int config_parse(const char *text, size_t n, struct config *c,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Reads and parses path (up to HL_MAX_CONFIG_BYTES). */
int config_load(const char *path, struct config *c, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Checks a HOST:PORT listen address; true if well formed. */
bool config_listen_valid(const char *s);

/* Checks an http:// or https:// URL (notify_webhook); true if well formed. */
bool config_url_valid(const char *s);

/* Checks an https:// endpoint URL; true if well formed. */
bool config_endpoint_valid(const char *s);

#endif
