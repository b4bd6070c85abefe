/*
 * The network process's sandbox (signer.h): applied right after the
 * fork, before it opens anything. No new privileges, a seccomp-BPF
 * deny-list, and, started as root, the data directory's owner or uid 0
 * without a capability. docs/DECISIONS.md, "The signer process".
 */
#ifndef HL_SANDBOX_H
#define HL_SANDBOX_H

#include "err.h"

/* A sanitizer's leak check stops the world with ptrace: it keeps it. */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZED	1
#endif
#endif

/*
 * Enters the sandbox for the data directory dir, for good: privileges
 * dropped (as root), PR_SET_NO_NEW_PRIVS, then the filter. 0, or HL_EIO
 * with d saying what could not be done (the caller must not go on).
 */
int sandbox_enter(const char *dir, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
