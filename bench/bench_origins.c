/*
 * hotline origins on generated logs: MB/s and events/s per format, beside
 * what no parser can beat in the same run: reading the file and finding
 * its newlines, and libmaxminddb's lookups of the distinct addresses.
 * What is measured is what `hotline origins --json` does, called in this
 * process from the evidence library (src/evidence): the file read into
 * the tally, the rows looked up and grouped, the JSON built and written.
 *
 * The logs come from a seeded generator: addresses drawn from a pool of
 * 200,000 (one in twenty IPv6), the busiest far more often than the rest,
 * as attack logs are. Each file is MB megabytes (256; BENCH_LARGE=1:
 * 1,024, the figure).
 *
 * Usage: bench_origins MMDB [MB]
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "geo.h"
#include "hl.h"
#include "origins.h"
#include "provenance.h"
#include "table.h"
#include "tally.h"

#define POOL	200000

static uint64_t seed = 20261127;

/* bench.h's clock: that header is the node's, which this needs not. */
static double
bench_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t
rnd(void)
{
	/* splitmix64: the same logs on every machine. */
	uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static char pool[POOL][48];

static void
make_pool(void)
{
	for (int i = 0; i < POOL; i++) {
		uint64_t r = rnd();

		if (i % 20 == 19)
			(void)snprintf(pool[i], sizeof(pool[i]),
			    "2a0%x:%x:%x::%x", (unsigned)(r & 7),
			    (unsigned)(r >> 8 & 0xffff), (unsigned)(r >> 24 &
			    0xffff), (unsigned)(r >> 40 & 0xffff));
		else
			(void)snprintf(pool[i], sizeof(pool[i]), "%u.%u.%u.%u",
			    (unsigned)(1 + (r & 0xff) % 223),
			    (unsigned)(r >> 8 & 0xff), (unsigned)(r >> 16 & 0xff),
			    (unsigned)(r >> 24 & 0xff));
	}
}

/* Most events from few addresses: the square of a uniform draw. */
static const char *
addr(void)
{
	double u = (double)(rnd() >> 11) / 9007199254740992.0;

	return pool[(int)(u * u * POOL)];
}

static void
generate(const char *path, const char *fmt, size_t mb)
{
	FILE *f = fopen(path, "w");
	size_t bytes = 0, want = mb << 20;
	long t = 1795773600;

	if (f == NULL)
		abort();
	if (strcmp(fmt, "zeek") == 0)
		bytes += (size_t)fprintf(f, "#separator \\x09\n#path\tconn\n"
		    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\t"
		    "id.resp_p\tproto\tservice\tduration\n");
	else if (strcmp(fmt, "csv") == 0)
		bytes += (size_t)fprintf(f, "first_seen,src_ip,dst_port,note\n");
	while (bytes < want) {
		int n;

		t += (long)(rnd() % 3);
		if (strcmp(fmt, "list") == 0)
			n = fprintf(f, "%s\n", addr());
		else if (strcmp(fmt, "web") == 0)
			n = fprintf(f, "%s - - [27/Nov/2026:%02ld:%02ld:%02ld "
			    "+0000] \"GET /wp-login.php HTTP/1.1\" 404 153 \"-\" "
			    "\"Mozilla/5.0 (compatible; scanner)\"\n", addr(),
			    t / 3600 % 24, t / 60 % 60, t % 60);
		else if (strcmp(fmt, "zeek") == 0)
			n = fprintf(f, "%ld.%06lu\tC%lx\t%s\t%lu\t192.168.1.10\t"
			    "22\ttcp\tssh\t0.%06lu\n", t, (unsigned long)(rnd() %
			    1000000), (unsigned long)(rnd() >> 20), addr(),
			    (unsigned long)(1024 + rnd() % 60000),
			    (unsigned long)(rnd() % 1000000));
		else if (strcmp(fmt, "auth") == 0)
			n = fprintf(f, "Nov 27 %02ld:%02ld:%02ld gw sshd[%lu]: "
			    "Failed password for invalid user admin from %s "
			    "port %lu ssh2\n", t / 3600 % 24, t / 60 % 60, t % 60,
			    (unsigned long)(rnd() % 60000), addr(),
			    (unsigned long)(1024 + rnd() % 60000));
		else if (strcmp(fmt, "csv") == 0)
			n = fprintf(f, "2026-11-27 %02ld:%02ld:%02ld,%s,22,\"ssh, "
			    "brute force\"\n", t / 3600 % 24, t / 60 % 60, t % 60,
			    addr());
		else
			n = fprintf(f, "{\"timestamp\":\"2026-11-27T%02ld:%02ld:"
			    "%02ld.%06ld+0000\",\"flow_id\":%lu,\"in_iface\":"
			    "\"eth0\",\"event_type\":\"alert\",\"src_ip\":\"%s\","
			    "\"src_port\":%lu,\"dest_ip\":\"192.168.1.10\","
			    "\"dest_port\":22,\"proto\":\"TCP\",\"alert\":{"
			    "\"action\":\"allowed\",\"gid\":1,\"signature_id\":"
			    "2001219,\"rev\":20,\"signature\":\"ET SCAN Potential "
			    "SSH Scan\",\"category\":\"Attempted Information "
			    "Leak\",\"severity\":2}}\n", t / 3600 % 24,
			    t / 60 % 60, t % 60, (long)(rnd() % 1000000),
			    (unsigned long)(rnd() >> 12), addr(),
			    (unsigned long)(1024 + rnd() % 60000));
		if (n < 0)
			abort();
		bytes += (size_t)n;
	}
	if (fclose(f) != 0)
		abort();
}

/* Reading and splitting lines, nothing else: the floor for any format. */
static double
raw_lines(const char *path, uint64_t *lines)
{
	static char buf[1 << 18];
	double t0 = bench_now();
	int fd = open(path, O_RDONLY);
	ssize_t n;

	*lines = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n -
		    p))) != NULL; p++)
			(*lines)++;
	(void)close(fd);
	return bench_now() - t0;
}

/*
 * hotline origins --geo MMDB --json --threads 1|2 FILE, in process: the
 * database opened, the file counted, the rows and provenance built and
 * written out (to /dev/null, as the binary's stdout was).
 */
static double
run(const char *mmdb, const char *path, bool one)
{
	struct tally_opts o = { .format = ORIGINS_AUTO, .threads = one ? 1 : 2,
	    .now = (int64_t)time(NULL) };
	struct table tb = { .by = TABLE_COUNTRY };
	struct tally_input in = { .path = path };
	struct provenance p = { .version = "bench", .in = &in, .nin = 1,
	    .dbpath = mmdb, .how = &o, .table = &tb };
	struct origins_tally t;
	struct geo_meta gm;
	struct hl_diag d;
	struct geo *g;
	double t0 = bench_now();
	json_t *j;
	FILE *f;

	origins_tally_init(&t, 0);
	p.t = &t;
	p.db = &gm;
	if (geo_open(mmdb, &g, &gm, &d) != 0 || tally_file(&o, &in, &t,
	    &d) != 0 || table_group(&tb, g, &t, &d) != 0 ||
	    (j = json_pack("{s:o, s:o}", "provenance", provenance_json(&p),
	    "rows", table_json(&tb))) == NULL ||
	    (f = fopen("/dev/null", "w")) == NULL ||
	    json_dumpf(j, f, JSON_INDENT(2)) != 0 || fclose(f) != 0)
		abort();
	json_decref(j);
	table_free(&tb);
	origins_tally_free(&t);
	geo_close(g);
	return bench_now() - t0;
}

int
main(int argc, char **argv)
{
	static const char *const fmts[] = { "list", "web", "eve", "zeek",
	    "auth", "csv" };
	char tmp[] = "/tmp/bench_origins.XXXXXX", path[128];
	struct geo_meta meta;
	struct geo *g;
	const char *mmdb;
	size_t mb;
	double t;
	int first = 1;

	if (argc <= first || hl_init() != 0 || mkdtemp(tmp) == NULL) {
		(void)fprintf(stderr, "usage: bench_origins MMDB [MB]\n");
		return 2;
	}
	mmdb = argv[first];
	mb = argc > first + 1 ? strtoul(argv[first + 1], NULL, 10) :
	    getenv("BENCH_LARGE") != NULL ? 1024 : 256;
	make_pool();
	/* Lookups alone: every pool address once, then again (cached). */
	if (geo_open(mmdb, &g, &meta, NULL) != 0)
		abort();
	t = bench_now();
	for (int k = 0; k < 5; k++)
		for (int i = 0; i < POOL; i++) {
			struct origins_addr a;
			struct geo_hit hit;

			if (!origins_addr_parse(pool[i], strlen(pool[i]), &a) ||
			    geo_lookup(g, &a, &hit) != 0)
				abort();
		}
	t = bench_now() - t;
	geo_close(g);
	(void)printf("bench_origins: %zu MB per format, %d-address pool, "
	    "database %s\n", mb, POOL, meta.type);
	(void)printf("  %-28s %12.0f lookups/s\n", "raw libmaxminddb lookup",
	    5.0 * POOL / t);
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		uint64_t lines;
		double raw, ours, single;

		(void)snprintf(path, sizeof(path), "%s/%s.log", tmp, fmts[i]);
		generate(path, fmts[i], mb);
		raw = raw_lines(path, &lines);
		ours = run(mmdb, path, false);
		single = run(mmdb, path, true);
		(void)printf("  %-5s %6.0f MB/s %9.0f events/s  one core %5.0f "
		    "MB/s  (read and split lines: %5.0f MB/s)\n", fmts[i],
		    (double)mb / ours, (double)lines / ours, (double)mb / single,
		    (double)mb / raw);
		(void)unlink(path);
	}
	(void)rmdir(tmp);
	return 0;
}
