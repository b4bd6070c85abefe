/*
 * What every command shares: error reporting in one format
 * ("hotline CMD: what: why"), bounded file reading, times, JSON output,
 * and the exit codes (0 ok, 1 failure, 2 usage). Core alone: a command
 * that opens a node includes cli_node.h too, and one that does not
 * (verify, canon) links without the node (tests/tools/verify_offline.c).
 */
#ifndef HL_CLI_H
#define HL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "limits.h"
#include "proto.h"

#define EXIT_USAGE	2

/* The command's name in its argv[0] ("hotline check" -> "check"). */
const char *cli_cmd(const char *argv0);

/*
 * Every command's entry point; argv[0] is "hotline NAME" (cli_cmd() gives
 * NAME).
 */
int cmd_init_main(int argc, char **argv);
int cmd_id_main(int argc, char **argv);
int cmd_peer_main(int argc, char **argv);
int cmd_send_main(int argc, char **argv);
int cmd_inbox_main(int argc, char **argv);
int cmd_outbox_main(int argc, char **argv);
int cmd_show_main(int argc, char **argv);
int cmd_accept_main(int argc, char **argv);
int cmd_check_main(int argc, char **argv);
int cmd_canon_main(int argc, char **argv);
int cmd_log_main(int argc, char **argv);
int cmd_note_main(int argc, char **argv);
int cmd_proof_main(int argc, char **argv);
int cmd_status_main(int argc, char **argv);
int cmd_alarm_main(int argc, char **argv);
int cmd_serve_main(int argc, char **argv);
int cmd_reply_main(int argc, char **argv);
int cmd_withdraw_main(int argc, char **argv);
int cmd_demo_main(int argc, char **argv);
int cmd_ping_main(int argc, char **argv);
int cmd_report_main(int argc, char **argv);
int cmd_verify_main(int argc, char **argv);
int cmd_review_main(int argc, char **argv);
int cmd_origins_main(int argc, char **argv);
int cmd_match_main(int argc, char **argv);
int cmd_import_main(int argc, char **argv);
int cmd_export_main(int argc, char **argv);
int cmd_taxii_main(int argc, char **argv);
int cmd_todo_main(int argc, char **argv);
int cmd_user_main(int argc, char **argv);
int cmd_audit_main(int argc, char **argv);
int cmd_escalate_main(int argc, char **argv);
int cmd_key_main(int argc, char **argv);
int cmd_contact_check_main(int argc, char **argv);
int cmd_ack_main(int argc, char **argv);

/*
 * The most bytes one cli_err() or cli_printf() call formats; past it the
 * text is cut short and ends in "...". A message body is the longest
 * text printed (HL_MAX_MSG_BYTES, indented).
 */
#define CLI_MAX_OUT	(4 * 1024 * 1024)

/*
 * "hotline CMD: message" on stderr, the message escaped (esc.h): it may
 * name what a peer or a file wrote, and fmt's own text holds no control
 * character.
 */
void cli_err(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * printf() to stdout for text that may hold what a peer wrote: all of
 * it is escaped (esc.h) but a newline that ends fmt itself. fmt's own
 * text holds no other control character (print several lines with
 * several calls).
 */
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Text of several lines whose newlines are ours (jansson's indented
 * output: a newline inside a string is "\n" there; a library printer's
 * table), each line escaped as cli_printf() would, each ending in a
 * newline.
 */
void cli_print_lines(const char *text);

/*
 * Exact bytes (a signed envelope) to stdout, as they are unless stdout is
 * a terminal: there they end with a newline and, if esc_is_clean() says
 * they would not pass through unchanged, they are shown escaped with a
 * warning naming cmd on stderr. 1 if they cannot be written.
 */
int cli_write_exact(const char *cmd, const void *p, size_t n);

/* n bytes to f escaped, as cli_printf() would; 1 if they cannot be. */
int cli_write_text(FILE *f, const void *p, size_t n);

/* "hotline CMD: what: <diag or error text>" on stderr. */
void cli_diag(const char *cmd, const char *what, int err,
    const struct hl_diag *d);

/*
 * Prints usage to stdout (code 0, for --help) or stderr (otherwise) and
 * returns code.
 */
int cli_usage(const char *usage, int code);

/*
 * Reads all of path ("-" is stdin) into out, refusing directories and
 * anything over out's cap. On failure prints the error and returns 1.
 */
int cli_read(const char *cmd, const char *path, struct buf *out);

/* A date (2026-11-27, midnight UTC) or an RFC 3339 time. */
bool cli_when(const char *s, int64_t *out);

/*
 * A duration (proto_duration_parse(): "90m", "2h", "3d", "1w") counted
 * from now, ahead if sign > 0 (a deadline) or back if sign < 0 (--since
 * 7d: seven days ago), or else what cli_when() takes.
 */
bool cli_time_rel(const char *s, int64_t now, int sign, int64_t *out);

/*
 * Progress of a long reading on a terminal, as a reader's progress hook
 * (tally_opts, match_opts): name escaped, bytes read of size, the rate
 * and the time left, on one line of stderr ended by \r. arg points to a
 * double, the reading's start by cli_mono().
 */
void cli_progress(void *arg, const char *name, uint64_t done, uint64_t size);

/* The monotonic clock in seconds: cli_progress()'s start. */
double cli_mono(void);

/*
 * Writes n bytes to path whole or not at all (a temporary file beside it,
 * synced, then renamed); prints why not and returns 1.
 */
int cli_write(const char *cmd, const char *path, const void *p, size_t n);

/*
 * Set by a command given --json: a failure to open the node is then also
 * a {"problem": ...} object on stdout, so a script reads JSON either way.
 */
extern bool cli_json;


/*
 * A refusal as --json prints it: {"type": the problem slug (err.h),
 * "field" and "offset" when d names them, "detail": the text on stderr}.
 * NULL if it cannot be built.
 */
json_t *cli_problem(int err, const struct hl_diag *d);

/* Whether s is valid UTF-8 (as jansson takes it for a JSON string). */
bool cli_utf8(const char *s);

/* Room for the longest password, its newline and one byte more. */
#define CLI_PW_BUF	(HL_TAXII_PASSWORD_LEN + 2)

/*
 * A new password for name into pw and *len (without its newline): one
 * line of standard input if from_stdin, else asked on the terminal with
 * echo off, twice. 0, or 1 having said why ("hotline CMD: NAME: ...";
 * with no terminal, what to give instead: hint). The caller zeroes pw.
 */
int cli_password(const char *cmd, const char *name, bool from_stdin,
    const char *hint, char pw[static CLI_PW_BUF], size_t *len);

/*
 * Prints v as indented JSON and a newline; takes ownership of v. NULL (a
 * part could not be built) prints nothing, says so on stderr, and is 1.
 */
int cli_print_json(json_t *v);

#endif
