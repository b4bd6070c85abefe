/*
 * TLP 2.0 (FIRST, "Traffic Light Protocol Version 2.0"), the one place the
 * library applies it. Every path that carries marked content further
 * (an answer, an escalation, an export, the TAXII server) asks here, so
 * that the rules and their refusals read the same everywhere:
 *
 *   - carried content keeps its marking or a stricter one; lowering it
 *     takes the operator's explicit --force;
 *   - TLP:RED is for its named recipients only: it never goes to a
 *     party the message was not between, nor out of the node, unforced;
 *   - a reader sees what its clearance reaches and nothing above it.
 *
 * The labels are proto.h's enum tlp, ordered from least to most strict.
 */
#ifndef HL_TLP_H
#define HL_TLP_H

#include <stdbool.h>

#include "err.h"
#include "proto.h"

/*
 * A marking as people and other formats write it: "amber", "TLP:AMBER",
 * "tlp:amber+strict", in any case, and TLP 1.0's "white" for clear.
 * -1 if it is none.
 */
int tlp_parse(const char *s);

/* "TLP:AMBER+STRICT": the label as TLP 2.0 prints it. */
const char *tlp_label(enum tlp t);

/*
 * A level as an operator gives one, on the command line or in the
 * console's forms: a TLP 2.0 name in any (ASCII) case, with or without
 * "TLP:" ("AMBER", "TLP:amber+strict"). Never 1.0's "white", which only
 * the importers map: an operator's marking is the standard's. The enum
 * tlp, or -1.
 */
int tlp_option(const char *s);

/*
 * Whether content marked of may go on marked as: 0 if as is as strict
 * or stricter, or if force; else HL_EINVAL with d saying, for what (a
 * phrase: "the request's marking"), "TLP:GREEN is lower than TLP:AMBER,
 * the request's marking; use --force to ...".
 */
int tlp_carry(enum tlp of, enum tlp as, bool force, const char *what,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Whether content marked t may leave for someone who is not one of its
 * named recipients (another party, a file, a TAXII client): 0 unless t
 * is TLP:RED and not force; else HL_EINVAL with d naming what and why.
 */
int tlp_beyond(enum tlp t, bool force, const char *what, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The marking a peer's answer is held at: its own, or the request's it
 * answers if stricter. An answer quotes what it answers (its findings
 * are the request's indicators), so a peer that marks it lower cannot
 * have this node pass the request's content on lower.
 */
enum tlp tlp_held(enum tlp answer, enum tlp asked);

/* Whether a reader cleared for clearance may see content marked t. */
bool tlp_cleared(enum tlp clearance, enum tlp t);

#endif
