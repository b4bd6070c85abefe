/*
 * What a front end makes of an operator's input before the node sends
 * it, in one place, so that hotline send and reply and the REST API
 * (src/serve/console.c) check and build the same bodies, and hotline
 * report and GET /api/v1/report count the same leaves.
 */
#ifndef HL_COMPOSE_H
#define HL_COMPOSE_H

#include <stdbool.h>

#include <jansson.h>

#include "node.h"
#include "report.h"
#include "tlp.h"

/*
 * A body's own marking (a "tlp" member, as hotline import writes it):
 * taken off the body, and checked against *t if given is true (a lower
 * one is refused unless forced, tlp_carry()), else made *t; red content
 * is refused unless forced (tlp_beyond()). what names the body ("the
 * body file") in d. HL_ESCHEMA (field "tlp") for a value that is no
 * TLP label.
 */
int compose_marking(json_t *body, bool given, bool force, enum tlp *t,
    const char *what, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * The body of a reply: body (borrowed, changed in place), or if it is
 * NULL a new one saying how many findings there are; with findings
 * (borrowed, checked by schema_findings_check(), may be NULL) merged in,
 * and "status" set from final. Refuses (HL_EINVAL, d saying why) a body
 * that has findings of its own when findings are given too, and one
 * whose status disagrees with final; then checks it (schema_body()).
 * *out gets a new reference to the body. In d, what names the body,
 * fwhat where the findings came from, and as what final is in the front
 * end's words ("--final").
 */
int compose_reply(json_t *body, json_t *findings, bool final,
    const char *what, const char *fwhat, const char *as, json_t **out,
    struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Sets f's tier_of and arg: a party's tier is its pinned card's. */
void compose_filter(struct node *n, struct report_filter *f);

/*
 * The report under f (compose_filter() is applied) over every leaf
 * of n's log. The caller report_done()s rep. HL_ENOMEM, or a leaf's
 * error with d naming it.
 */
int compose_report(struct node *n, struct report_filter *f,
    struct report *rep, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
