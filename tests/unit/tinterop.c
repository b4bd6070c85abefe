/*
 * An import as text, for the interop tests. See tinterop.h.
 */
#include <stdio.h>
#include <string.h>

#include "tinterop.h"

struct text {
	char	*p;
	size_t	 n, cap;
};

void
ti_lines(const struct imp *im, char *out, size_t outsz)
{
	json_t *b = imp_body(im), *v;
	size_t i, n = 0;

	*out = '\0';
	json_array_foreach(json_object_get(b, "indicators"), i, v)
		if (n < outsz)
			n += (size_t)snprintf(out + n, outsz - n, "%s %s\n",
			    json_string_value(json_object_get(v, "type")),
			    json_string_value(json_object_get(v, "value")));
	json_decref(b);
}

static void
add(void *arg, const char *where, const char *why)
{
	struct text *t = arg;

	if (t->n < t->cap)
		t->n += (size_t)snprintf(t->p + t->n, t->cap - t->n, "%s: %s\n",
		    where, why);
}

void
ti_reports(const struct imp *im, char *out, size_t outsz)
{
	struct text t = { out, 0, outsz };

	*out = '\0';
	imp_reports_each(im, add, &t);
}
