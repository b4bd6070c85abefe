/*
 * indicators: what hotline match looks for, read from a request body, a
 * request envelope or a plain list (one value per line, its type
 * inferred). Every value comes out in the one spelling PROTOCOL.md gives
 * its type, so that a finding names the indicator exactly as the request
 * did. An entry that cannot be read is handed to a callback naming its
 * line and why, and left out; the caller decides whether to go on.
 * Never prints, never exits.
 */
#ifndef HL_INDICATORS_H
#define HL_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ioc.h"

struct indicator {
	enum ioc_type	 type;
	char		*value;		/* canonical, NUL-terminated; the list's */
	size_t		 len;
	uint64_t	 line;		/* where read: a list's line, else 0 */
};

/* Where the indicators came from. */
enum ind_source {
	IND_FROM_LIST,
	IND_FROM_BODY,		/* a request body */
	IND_FROM_ENVELOPE	/* a request envelope (its body's) */
};

struct ind_list {
	struct indicator	*v;		/* in the order read, no repeats */
	size_t			 n, cap;
	enum ind_source		 from;
	bool			 has_window;	/* a request's observed */
	int64_t			 start, end;	/* its start and end */
	uint64_t		 repeats;	/* entries dropped as repeats */
};

/*
 * Reads len bytes of data (from path, which names it in what is handed
 * to fault() and d) into out, which must be zeroed: a JSON object is a
 * request body or envelope, anything else a plain list. An entry that
 * cannot be read goes to fault(arg, line, why) (line 0 for JSON, why
 * naming the member, "indicators[3].value: ...") and is left out.
 * Returns the number of such entries (0 or more); HL_EINVAL if data is
 * not a request's body or envelope though it is JSON, or is over
 * HL_MAX_INDICATOR_FILE; HL_ETOOBIG past HL_MAX_MATCH_INDICATORS; or
 * HL_ENOMEM; d's path naming path, its msg why. out is then the caller's
 * to free.
 */
int ind_parse(const char *path, const char *data, size_t len,
    struct ind_list *out, void (*fault)(void *arg, uint64_t line,
    const char *why), void *arg, struct hl_diag *d)
    __attribute__((warn_unused_result));

void ind_list_free(struct ind_list *l);

#endif
