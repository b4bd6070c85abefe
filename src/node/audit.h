/*
 * A node's bundles and reviews (formats in bundle.h and review.h). These
 * read the node's log and store; verification needs neither and lives in
 * core.
 */
#ifndef HL_AUDIT_H
#define HL_AUDIT_H

#include "buf.h"
#include "bundle.h"
#include "node.h"
#include "report.h"
#include "review.h"

/*
 * Writes n's bundle for the report under f to out; rep gets the report
 * (the caller report_done()s it).
 */
int audit_bundle(struct node *n, const struct report_filter *f,
    struct buf *out, struct report *rep, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Writes n's signed review of period with peer to out. */
int audit_review(struct node *n, const char *peer, const char *period,
    struct buf *out, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Checks a review addressed to n (its author pinned, its bundle
 * verified against the pinned cards) and appends n's bundle and
 * countersignature; the whole review goes to out.
 */
int audit_countersign(struct node *n, const uint8_t *p, size_t len,
    struct buf *out, struct hl_diag *d) __attribute__((warn_unused_result));

#endif
