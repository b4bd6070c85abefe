/*
 * The audit trail. See trail.h.
 */
#include <stdio.h>
#include <string.h>

#include "trail.h"

const char *const trail_via_names[VIA_COUNT + 1] = {
	"cli", "console", "token", NULL
};

void
node_set_actor(struct node *n, const char *name, enum via via)
{
	(void)snprintf(n->actor.name, sizeof(n->actor.name), "%s", name);
	n->actor.via = via;
}

/* Stubs: the users part of issue 15 replaces them. */
int
trail_add(struct node *n, const char *action, const char *target,
    const char *detail, int64_t now)
{
	(void)n; (void)action; (void)target; (void)detail; (void)now;
	return 0;
}

int
trail_add_as(struct node *n, const char *actor, enum via via,
    const char *action, const char *target, const char *detail,
    int64_t now)
{
	(void)n; (void)actor; (void)via; (void)action; (void)target;
	(void)detail; (void)now;
	return 0;
}

int
trail_each(struct node *n, const struct trail_filter *f,
    int (*fn)(void *arg, const struct trail_entry *e), void *arg)
{
	(void)n; (void)f; (void)fn; (void)arg;
	return 0;
}

json_t *
trail_json(const struct trail_entry *e)
{
	(void)e;
	return json_object();
}
