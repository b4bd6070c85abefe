/*
 * What the front ends show, as JSON. See present.h.
 */
#include "present.h"

/* Stubs: the queue part of issue 15 replaces them. */
json_t *
present_msg(struct node *n, const struct msg_row *m, int64_t now)
{
	(void)n; (void)now;
	return json_pack("{s:s}", "id", m->id);
}

int
present_message(struct node *n, const char *idprefix, int64_t now,
    json_t **out, struct hl_diag *d)
{
	(void)n; (void)idprefix; (void)now;
	*out = NULL;
	return hl_diag_set(d, HL_ENOTFOUND, NULL, "not yet");
}

int
present_status(struct node *n, int64_t now, json_t **out)
{
	(void)n; (void)now;
	*out = json_object();
	return 0;
}

int
present_peers(struct node *n, int64_t now, json_t **out)
{
	(void)n; (void)now;
	*out = json_array();
	return 0;
}
