/*
 * The attention queue. See attention.h.
 */
#include <stdlib.h>
#include <string.h>

#include "attention.h"

const char *const att_kind_names[ATT_COUNT + 1] = {
	"owed", "answer", "unanswered", "undelivered", "peer", "unwitnessed",
	"alarm", NULL
};

/* Stubs: the queue part of issue 15 replaces them. */
int
attention_build(struct node *n, int64_t now, struct attention *out)
{
	(void)n;
	memset(out, 0, sizeof(*out));
	out->now = now;
	return 0;
}

void
attention_done(struct attention *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

json_t *
attention_json(const struct attention *a)
{
	(void)a;
	return json_pack("{s:i, s:[]}", "count", 0, "items");
}
