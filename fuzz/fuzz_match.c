/*
 * match's tokenizers over any bytes: the first line is a Zeek header
 * block's, the rest a log line. Every value a tokenizer hands over lies
 * within the bytes it was given or its decoding of them (never longer),
 * and its label is a short string; where jansson reads the line as one
 * JSON object, the JSON tokenizer sees as many values as jansson has
 * non-empty strings and numbers. The whole input is then matched as a
 * file against indicators of every type, through the sets, URL
 * normalisation and the findings' JSON, which the response schema must
 * accept.
 */
#define _GNU_SOURCE	/* memfd_create */
#include <sys/mman.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"
#include "limits.h"
#include "match.h"
#include "schema.h"

struct seen {
	size_t	 len;		/* of the line */
	size_t	 n;		/* values */
};

static void
tap(void *arg, const char *v, size_t n, const char *field)
{
	struct seen *s = arg;

	FUZZ_ASSERT(n > 0 && n <= s->len + 16);
	FUZZ_ASSERT(v != NULL && strlen(field) < 64);
	s->n++;
}

/* Non-empty strings and numbers in j, keys not counted. */
static size_t
count(json_t *j)
{
	size_t n = 0, i;
	const char *k;
	json_t *v;

	if (json_is_string(j))
		return json_string_length(j) > 0;
	if (json_is_number(j))
		return 1;
	if (json_is_array(j))
		json_array_foreach(j, i, v)
			n += count(v);
	if (json_is_object(j))
		json_object_foreach(j, k, v)
			n += count(v);
	return n;
}

static struct ind_list list;
static struct indicator ind[] = {
	{ IOC_IPV4, "192.0.2.1", 9, 0 },
	{ IOC_IPV6, "2001:db8::1", 11, 0 },
	{ IOC_CIDR, "10.0.0.0/8", 10, 0 },
	{ IOC_CIDR, "2001:db8::/32", 13, 0 },
	{ IOC_DOMAIN, "example.com", 11, 0 },
	{ IOC_URL, "http://example.com/a", 20, 0 },
	{ IOC_EMAIL, "a@example.com", 13, 0 },
	{ IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", 32, 0 },
	{ IOC_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", 40, 0 },
	{ IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991"
	    "b7852b855", 64, 0 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl, *line;
	size_t headlen, len;
	char path[64];
	int fd;

	if (fuzz_outside(size, 0, HL_MAX_LOG_LINE))
		return 0;
	nl = memchr(p, '\n', size);
	headlen = nl != NULL ? (size_t)(nl - p) + 1 : 0;
	line = p + headlen;
	len = size - headlen;
	if (memchr(line, '\n', len) == NULL) {
		struct seen s = { len, 0 };
		json_t *j;

		for (int m = MATCH_TEXT; m <= MATCH_JSON; m++)
			match_values((enum match_mode)m, p, headlen, line, len,
			    tap, &s);
		s.n = 0;
		match_values(MATCH_JSON, NULL, 0, line, len, tap, &s);
		if ((j = json_loadb(line, len, JSON_REJECT_DUPLICATES |
		    JSON_DECODE_ANY, NULL)) != NULL && json_is_object(j))
			FUZZ_ASSERT(s.n == count(j));
		json_decref(j);
	}

	/* The whole input as a file, through the sets. */
	if (list.n == 0) {
		list.v = ind;
		list.n = sizeof(ind) / sizeof(ind[0]);
	}
	if ((fd = memfd_create("fuzz_match", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	{
		struct match_set *set;
		struct match_opts o = { .threads = 1 };
		struct match_input in = { .path = path };
		struct hl_diag d;
		const char *paths[1] = { path };
		json_t *found, *missing;

		FUZZ_ASSERT(match_set_new(&list, &set) == 0);
		FUZZ_ASSERT(match_file(&o, set, &in, &d) == 0);
		FUZZ_ASSERT(match_json(set, paths, &found, &missing) == 0);
		FUZZ_ASSERT(json_array_size(found) + json_array_size(missing) ==
		    list.n);
		FUZZ_ASSERT(json_array_size(found) == 0 ||
		    schema_findings_check(found, &d) == 0);
		json_decref(found);
		json_decref(missing);
		match_set_free(set);
	}
	close(fd);
	return 0;
}
