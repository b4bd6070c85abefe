/*
 * Addresses to countries and autonomous systems, from MaxMind DB files
 * (libmaxminddb): GeoLite2 and DB-IP ("country" / "iso_code",
 * "registered_country"), ip-location-db ("country_code"), and ASN
 * databases ("autonomous_system_number", "autonomous_system_organization").
 */
#ifndef HL_GEO_H
#define HL_GEO_H

#include <stdint.h>

#include "err.h"
#include "origins.h"

struct geo;

/* What a database says about itself, for the provenance block. */
struct geo_meta {
	char		type[128];	/* metadata database_type */
	uint64_t	built;		/* metadata build_epoch */
	char		sha256[65];	/* of the file */
	uint64_t	size;
};

/* Opens path; HL_EIO or HL_EPARSE with d naming the file and why. */
int geo_open(const char *path, struct geo **out, struct geo_meta *meta,
    struct hl_diag *d) __attribute__((warn_unused_result));
void geo_close(struct geo *g);

/* What one lookup found; "" where the database has nothing. */
struct geo_hit {
	char		country[3];		/* ISO 3166 alpha-2, located */
	char		registered[3];		/* where the database has it */
	uint32_t	asn;			/* 0: none */
	char		org[128];
};

/*
 * Looks a up (its network address, for a CIDR); country and registered
 * from a country database, asn and org from an ASN database. 0 found or
 * not; HL_EPARSE if the database is corrupt there.
 */
int geo_lookup(struct geo *g, const struct origins_addr *a,
    struct geo_hit *hit) __attribute__((warn_unused_result));

#endif
