/*
 * MaxMind DB lookups. See geo.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <maxminddb.h>

#include "enc.h"
#include "geo.h"
#include "sig.h"

struct geo {
	MMDB_s	db;
};

int
geo_open(const char *path, struct geo **out, struct geo_meta *meta,
    struct hl_diag *d)
{
	struct geo *g;
	int st;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if ((st = MMDB_open(path, MMDB_MODE_MMAP, &g->db)) != MMDB_SUCCESS) {
		struct stat sb;

		free(g);
		/* libmaxminddb keeps no errno: ask the file system why. */
		if ((st == MMDB_FILE_OPEN_ERROR || st == MMDB_IO_ERROR) &&
		    stat(path, &sb) != 0)
			return hl_diag_set(d, HL_EIO, NULL, "%s", strerror(errno));
		return hl_diag_set(d, st == MMDB_IO_ERROR ? HL_EIO : HL_EPARSE,
		    NULL, "not a usable MaxMind DB: %s", MMDB_strerror(st));
	}
	memset(meta, 0, sizeof(*meta));
	(void)snprintf(meta->type, sizeof(meta->type), "%s",
	    g->db.metadata.database_type != NULL ?
	    g->db.metadata.database_type : "");
	meta->built = g->db.metadata.build_epoch;
	if (sig_sha256_file(path, meta->sha256, &meta->size, NULL) != 0) {
		geo_close(g);
		return hl_diag_set(d, HL_EIO, NULL, "cannot read it again");
	}
	*out = g;
	return 0;
}

void
geo_close(struct geo *g)
{
	if (g == NULL)
		return;
	MMDB_close(&g->db);
	free(g);
}

/* A string at path into out, if there is one. */
static void
str_at(MMDB_entry_s *e, char *out, size_t n, const char *const *path)
{
	MMDB_entry_data_s v;

	if (MMDB_aget_value(e, &v, path) == MMDB_SUCCESS && v.has_data &&
	    v.type == MMDB_DATA_TYPE_UTF8_STRING)
		(void)snprintf(out, n, "%.*s", (int)v.data_size, v.utf8_string);
}

int
geo_lookup(struct geo *g, const struct origins_addr *a, struct geo_hit *hit)
{
	static const char *const country[] = { "country", "iso_code", NULL };
	static const char *const flat[] = { "country_code", NULL };
	static const char *const reg[] = { "registered_country", "iso_code",
	    NULL };
	static const char *const org[] = { "autonomous_system_organization",
	    NULL };
	static const char *const asn[] = { "autonomous_system_number", NULL };
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	const struct sockaddr *sa;
	MMDB_lookup_result_s res;
	MMDB_entry_data_s v;
	int err;

	memset(hit, 0, sizeof(*hit));
	if (a->b[10] == 0xff && a->b[11] == 0xff &&
	    memcmp(a->b, "\0\0\0\0\0\0\0\0\0\0", 10) == 0) {
		memset(&s4, 0, sizeof(s4));
		s4.sin_family = AF_INET;
		memcpy(&s4.sin_addr, a->b + 12, 4);
		sa = (const struct sockaddr *)&s4;
	} else {
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		memcpy(&s6.sin6_addr, a->b, 16);
		sa = (const struct sockaddr *)&s6;
	}
	res = MMDB_lookup_sockaddr(&g->db, sa, &err);
	if (err != MMDB_SUCCESS)
		return HL_EPARSE;
	if (!res.found_entry)
		return 0;
	str_at(&res.entry, hit->country, sizeof(hit->country), country);
	if (hit->country[0] == '\0')
		str_at(&res.entry, hit->country, sizeof(hit->country), flat);
	str_at(&res.entry, hit->registered, sizeof(hit->registered), reg);
	str_at(&res.entry, hit->org, sizeof(hit->org), org);
	if (MMDB_aget_value(&res.entry, &v, asn) == MMDB_SUCCESS &&
	    v.has_data && v.type == MMDB_DATA_TYPE_UINT32)
		hit->asn = v.uint32;
	return 0;
}
