/*
 * Library-wide setup: every front end (the CLI, the daemon, tests,
 * fuzzers, benchmarks) calls hl_init() once before anything else.
 */
#ifndef HL_HL_H
#define HL_HL_H

/* Initializes libsodium; returns 0 or HL_ECRYPTO. Safe to call again. */
int hl_init(void) __attribute__((warn_unused_result));

#endif
