/*
 * Notifications. See notify.h.
 */
#include <stdlib.h>

#include "notify.h"

struct notify {
	int	unused;
};

/* Stubs: the notifications part of issue 15 replaces them. */
int
notify_start(const char *dir, struct notify **out, struct hl_diag *d)
{
	(void)dir; (void)d;
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? HL_ENOMEM : 0;
}

void
notify_wake(struct notify *nt)
{
	(void)nt;
}

void
notify_stop(struct notify *nt)
{
	free(nt);
}
