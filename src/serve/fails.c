/*
 * The failed-login limit. See fails.h.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fails.h"
#include "limits.h"

/* One client address: when its last HL_TAXII_FAILS failures were. */
struct fail {
	char		 from[INET6_ADDRSTRLEN + 4];	/* "" if unused */
	int64_t		 at[HL_TAXII_FAILS];		/* ms, monotonic; 0 */
	unsigned	 next;				/* at[]'s oldest */
};

struct fails {
	struct fail	 e[HL_TAXII_FAIL_ADDRS];
};

struct fails *
fails_new(void)
{
	return calloc(1, sizeof(struct fails));
}

void
fails_free(struct fails *f)
{
	free(f);
}

/* The failed checks counted against from; NULL if there are none. */
static struct fail *
fails_of(struct fails *f, const char *from)
{
	for (size_t i = 0; i < HL_TAXII_FAIL_ADDRS; i++)
		if (f->e[i].from[0] != '\0' && strcmp(f->e[i].from, from) == 0)
			return &f->e[i];
	return NULL;
}

bool
fails_allow(struct fails *f, const char *from, int64_t now, int64_t *retry)
{
	struct fail *e = fails_of(f, from);
	int64_t oldest;

	*retry = 0;
	if (e == NULL)
		return true;
	oldest = e->at[e->next];
	if (oldest == 0 || now - oldest >= HL_TAXII_FAIL_WINDOW_MS)
		return true;
	*retry = (oldest + HL_TAXII_FAIL_WINDOW_MS - now + 999) / 1000;
	return false;
}

void
fails_add(struct fails *f, const char *from, int64_t now)
{
	struct fail *e = fails_of(f, from);
	int64_t best = INT64_MAX, last;
	size_t pick = 0;

	if (e == NULL) {
		for (size_t i = 0; i < HL_TAXII_FAIL_ADDRS; i++) {
			struct fail *o = &f->e[i];

			last = o->at[(o->next + HL_TAXII_FAILS - 1) %
			    HL_TAXII_FAILS];
			if (o->from[0] == '\0' ||
			    now - last >= HL_TAXII_FAIL_WINDOW_MS) {
				pick = i;
				break;
			}
			if (last < best) {
				best = last;
				pick = i;
			}
		}
		e = &f->e[pick];
		memset(e, 0, sizeof(*e));
		(void)snprintf(e->from, sizeof(e->from), "%s", from);
	}
	e->at[e->next] = now;
	e->next = (e->next + 1) % HL_TAXII_FAILS;
}

const char *
fails_source(const char *from)
{
	if (strncmp(from, "127.", 4) == 0 ||
	    strncmp(from, "::ffff:127.", 11) == 0 || strcmp(from, "::1") == 0 ||
	    strcmp(from, "::1/64") == 0 || strcmp(from, "::/64") == 0)
		return "loopback";
	return from;
}
