/*
 * A test helper, never installed: queues a message in a node's outbox
 * with a created time chosen by the test, signed with the node's own key
 * through the library, so tests can make envelopes dated in the past or
 * in the future. hotline itself always dates what it sends by its clock;
 * nothing here is reachable from it.
 *
 *	dated DIR TO TYPE CREATED [DEADLINE] BODYFILE
 *
 * CREATED and DEADLINE are POSIX seconds; TYPE is request or ping (the
 * body file is ignored for a ping). Prints the message's id.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "hl.h"
#include "node.h"

int
main(int argc, char **argv)
{
	struct send_args a;
	struct hl_diag d;
	struct node *n;
	json_error_t je;
	char id[65];
	int r;

	if (argc != 6 && argc != 7) {
		(void)fprintf(stderr, "usage: dated DIR TO TYPE CREATED "
		    "[DEADLINE] BODYFILE\n");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.to = argv[2];
	a.tlp = TLP_AMBER;
	if ((r = proto_lookup(proto_type_names, argv[3])) < 0 ||
	    !proto_int_parse(argv[4], 0, INT64_C(253402300799), &a.now) ||
	    (argc == 7 && !proto_int_parse(argv[5], 1,
	    INT64_C(253402300799), &a.deadline))) {
		(void)fprintf(stderr, "dated: bad type or time\n");
		return 2;
	}
	a.type = (enum msg_type)r;
	if (a.type == MSG_PING)
		a.body = json_object();
	else if ((a.body = json_load_file(argv[argc - 1], 0, &je)) == NULL) {
		(void)fprintf(stderr, "dated: %s: %s\n", argv[argc - 1],
		    je.text);
		return 1;
	}
	hl_diag_clear(&d);
	if (hl_init() != 0 || node_open(argv[1], &n, &d) != 0) {
		(void)fprintf(stderr, "dated: %s: %s\n", argv[1], d.msg);
		json_decref(a.body);
		return 1;
	}
	r = node_send(n, &a, id, &d);
	node_close(n);
	json_decref(a.body);
	if (r != 0) {
		(void)fprintf(stderr, "dated: %s\n", d.msg);
		return 1;
	}
	(void)printf("%s\n", id);
	return 0;
}
