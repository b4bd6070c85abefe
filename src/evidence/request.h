/*
 * request: the addresses of one state in an origins tally, as the body of
 * a request to that state's CERT: the indicators with their counts and
 * times, most events first, and the method (files, hashes, database,
 * version) in the summary. Builds only; the caller sends. Never prints.
 */
#ifndef HL_REQUEST_H
#define HL_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "geo.h"
#include "limits.h"
#include "origins.h"
#include "provenance.h"

struct request {
	json_t		*body;		/* the caller's to json_decref() */
	char		 subject[HL_MAX_SUBJECT_LEN];
	size_t		 addresses;	/* of the state, listed or not */
	uint64_t	 events;	/* of the addresses listed */
};

/*
 * The request to peer, of state (ISO 3166 alpha-2), for what p counted
 * from p's files, each address located in geo (a country database, db
 * what the summary says of it), at most HL_MAX_INDICATORS, the busiest.
 * now stands in for the observed times if no event had one. HL_ENOTFOUND if no address is the state's;
 * HL_ETOOBIG if the summary naming every file is over
 * HL_MAX_SUMMARY_LEN (a summary cut short would sign a method that is
 * not the one used); HL_EINVAL if the body cannot be built (a path that
 * is not UTF-8); HL_ENOMEM. d's msg says which, naming peer.
 */
int request_build(const struct provenance *p, struct geo *geo,
    const struct geo_meta *db, const char *peer, const char *state,
    int64_t now, struct request *out, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
