/*
 * Events worth waking someone for. See events.h.
 */
#include <stdlib.h>
#include <string.h>

#include "events.h"

/* Stubs: the notifications part of issue 15 replaces them. */
int
events_add(struct node *n, const char *kind, const char *key, json_t *body,
    int64_t now)
{
	(void)n; (void)kind; (void)key; (void)body; (void)now;
	return 0;
}

int
events_scan(struct node *n, int64_t now, int *added)
{
	(void)n; (void)now;
	if (added != NULL)
		*added = 0;
	return 0;
}

int
events_next(struct node *n, const char *sink, struct event *out)
{
	(void)n; (void)sink;
	memset(out, 0, sizeof(*out));
	return HL_ENOTFOUND;
}

int
events_handled(struct node *n, const char *sink, int64_t id)
{
	(void)n; (void)sink; (void)id;
	return 0;
}

void
event_done(struct event *e)
{
	free(e->body);
	e->body = NULL;
}
