/*
 * TLP 2.0's rules. See tlp.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tlp.h"

static const char *const labels[TLP_COUNT] = { "TLP:CLEAR", "TLP:GREEN",
	"TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED" };

int
tlp_parse(const char *s)
{
	if (strncasecmp(s, "tlp:", 4) == 0)
		s += 4;
	if (strcasecmp(s, "white") == 0)
		return TLP_CLEAR;
	for (int t = 0; t < TLP_COUNT; t++)
		if (strcasecmp(s, proto_tlp_names[t]) == 0)
			return t;
	return -1;
}

int
tlp_option(const char *s)
{
	char low[16];
	size_t i;

	/* ASCII only, whatever the locale says of case. */
	if ((s[0] == 'T' || s[0] == 't') && (s[1] == 'L' || s[1] == 'l') &&
	    (s[2] == 'P' || s[2] == 'p') && s[3] == ':')
		s += 4;
	for (i = 0; s[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
	if (s[i] != '\0')
		return -1;
	low[i] = '\0';
	return proto_lookup(proto_tlp_names, low);
}

const char *
tlp_label(enum tlp t)
{
	return (unsigned)t < TLP_COUNT ? labels[t] : "TLP:?";
}

int
tlp_carry(enum tlp of, enum tlp as, bool force, const char *what,
    struct hl_diag *d)
{
	if (force || as >= of)
		return 0;
	return hl_diag_set(d, HL_EINVAL, NULL, "%s is lower than %s, %s; use "
	    "--force to mark it so anyway", tlp_label(as), tlp_label(of),
	    what);
}

int
tlp_beyond(enum tlp t, bool force, const char *what, struct hl_diag *d)
{
	if (force || t != TLP_RED)
		return 0;
	return hl_diag_set(d, HL_EINVAL, NULL, "%s is TLP:RED, for its named "
	    "recipients only; use --force to pass it on anyway", what);
}

bool
tlp_cleared(enum tlp clearance, enum tlp t)
{
	return t <= clearance;
}

enum tlp
tlp_held(enum tlp answer, enum tlp asked)
{
	return asked > answer ? asked : answer;
}
