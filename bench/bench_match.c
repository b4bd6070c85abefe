/*
 * hotline match on generated logs, beside grep -F -w, rg -F -w and the
 * floor no matcher can beat (reading the files and finding their
 * newlines), with 1k, 100k and 1M indicators of mixed types. It prints
 * MB/s per core for each and the ratios issue 13 names, with the goals
 * beside them; it reports, it does not fail on a missed goal.
 *
 * The logs come from a seeded generator, in the shapes of the real ones:
 * Zeek conn/dns/http TSV (the headers Zeek writes, set and vector fields),
 * Suricata EVE JSON (flow, dns, http, tls, alert, fileinfo), web access
 * logs and sshd auth lines. Addresses, host names, URLs, e-mail addresses
 * and digests are drawn from pools, the busiest far more often than the
 * rest, as attack logs are. Each indicator list holds the same PRESENT
 * values of those pools; the rest are values in no log.
 *
 * Every figure is CPU time of one process (--threads 1, rg -j1), the best
 * of a few rounds, less the same run on an empty file: what it costs to
 * read the indicators and write the answer is shown apart ("load"), and
 * the MB/s are what each byte of log costs; where that scanning would be
 * short beside the load (a 1M list takes seconds to read), match is
 * given the files several times over, and the output says how often.
 * grep and rg are run once, on a prefix of the data big enough for about
 * two seconds of scanning, and the output says so; a run CAP seconds
 * past its load is stopped and reported. grep and rg run in the C locale
 * with their output to a file (on /dev/null GNU grep stops at the first
 * match). The counts check: an IPv4 list over sshd lines that each name
 * one address, where grep -c's lines are the sum of match's counts.
 *
 * Usage: bench_match HOTLINE [MB]   (MB of logs in all: BENCH_MATCH_MB,
 * 256 by default; 1024 for the 1 GB)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#define NADDR		200000	/* addresses, one in twenty IPv6 */
#define NDOM		20000	/* registered domains */
#define NURL		20000	/* URLs on hosts of those domains */
#define NMAIL		2000
#define NHASH		6000	/* md5, sha1 and sha256 in turn */
#define PRESENT		500	/* of every list, values that are in logs */
#define AGREE_LIST	10000	/* the address list of the counts check */
#define AGREE_MB	2	/* and the MB of sshd log it is run on */
#define ROUNDS		3	/* hotline match and the floor: best of */
#define MAX_REP		16	/* the logs given match at most this often */
#define CAP		30	/* seconds past its load: a run stopped */
#define SCAN_TARGET	2.0	/* seconds of scanning wanted of grep, rg */

static uint64_t logseed = 20261201, indseed = 13;

/* splitmix64: the same logs and lists on every machine. */
static uint64_t
rnd_of(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rnd(void)
{
	return rnd_of(&logseed);
}

/* Most events from few values: the square of a uniform draw. */
static size_t
skew(size_t n)
{
	double u = (double)(rnd() >> 11) / 9007199254740992.0;

	return (size_t)(u * u * (double)n);
}

static char addrs[NADDR][40];
static char doms[NDOM][32];
static struct {
	char	 host[48];
	char	 path[64];
} urls[NURL];
static char mails[NMAIL][48];
static char hashes[NHASH][65];

static const char *const tlds[] = { "com", "net", "org", "ru", "cn",
	"info", "io", "de", "co.uk", "biz" };
static const char *const subs[] = { "", "www.", "cdn.", "api.", "mail.",
	"update.", "static." };
static const char *const agents[] = {
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	"(KHTML, like Gecko) Chrome/120.0 Safari/537.36",
	"curl/7.88.1", "python-requests/2.31.0",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"Microsoft-CryptoAPI/10.0" };

/* A label of 5 to 10 letters; n >= 11. */
static void
label(uint64_t *s, char *out, size_t n)
{
	size_t len = 5 + rnd_of(s) % 6;

	if (n < 11)
		abort();
	for (size_t i = 0; i < len; i++)
		out[i] = (char)('a' + rnd_of(s) % 26);
	out[len] = '\0';
}

static void
hex(uint64_t *s, char *out, size_t digits)
{
	for (size_t i = 0; i < digits; i++)
		out[i] = "0123456789abcdef"[rnd_of(s) & 15];
	out[digits] = '\0';
}

static void
v4(uint64_t *s, char *out, size_t n)
{
	uint64_t r = rnd_of(s);

	(void)snprintf(out, n, "%u.%u.%u.%u", (unsigned)(1 + (r & 0xff) % 223),
	    (unsigned)(r >> 8 & 0xff), (unsigned)(r >> 16 & 0xff),
	    (unsigned)(r >> 24 & 0xff));
}

static void
make_pools(void)
{
	char l[16];

	for (size_t i = 0; i < NADDR; i++) {
		uint64_t r = rnd();

		if (i % 20 == 19)
			(void)snprintf(addrs[i], sizeof(addrs[i]),
			    "2a0%x:%x:%x::%x", (unsigned)(r & 7) + 1,
			    (unsigned)(r >> 8 & 0xffff), (unsigned)(r >> 24 &
			    0xffff), (unsigned)(r >> 40 & 0xffff));
		else
			v4(&logseed, addrs[i], sizeof(addrs[i]));
	}
	for (size_t i = 0; i < NDOM; i++) {
		label(&logseed, l, sizeof(l));
		(void)snprintf(doms[i], sizeof(doms[i]), "%s.%s", l,
		    tlds[rnd() % 10]);
	}
	for (size_t i = 0; i < NURL; i++) {
		char a[16], b[16];

		(void)snprintf(urls[i].host, sizeof(urls[i].host), "%s%s",
		    subs[rnd() % 7], doms[skew(NDOM)]);
		label(&logseed, a, sizeof(a));
		label(&logseed, b, sizeof(b));
		switch (rnd() % 4) {
		case 0:
			(void)snprintf(urls[i].path, sizeof(urls[i].path),
			    "/%s/%s.php?id=%u", a, b, (unsigned)(rnd() % 10000));
			break;
		case 1:
			(void)snprintf(urls[i].path, sizeof(urls[i].path),
			    "/%s/%s.exe", a, b);
			break;
		case 2:
			(void)snprintf(urls[i].path, sizeof(urls[i].path),
			    "/%s/", a);
			break;
		default:
			(void)snprintf(urls[i].path, sizeof(urls[i].path),
			    "/%s.html", a);
		}
	}
	for (size_t i = 0; i < NMAIL; i++) {
		label(&logseed, l, sizeof(l));
		(void)snprintf(mails[i], sizeof(mails[i]), "%s@%s", l,
		    doms[rnd() % NDOM]);
	}
	for (size_t i = 0; i < NHASH; i++)
		hex(&logseed, hashes[i], i % 3 == 0 ? 32 : i % 3 == 1 ? 40 : 64);
}

static const char *
addr(void)
{
	return addrs[skew(NADDR)];
}

/* A first address that is IPv4, for the formats that carry only those. */
static const char *
addr4(void)
{
	size_t i = skew(NADDR);

	return addrs[i % 20 == 19 ? i - 1 : i];
}

static char *
local(void)
{
	static char b[20];
	uint64_t r = rnd();

	(void)snprintf(b, sizeof(b), "10.%u.%u.%u", (unsigned)(r & 0xff),
	    (unsigned)(r >> 8 & 0xff), (unsigned)(1 + (r >> 16) % 254));
	return b;
}

struct gen {
	FILE	*f;
	size_t	 bytes;
	long	 t;		/* seconds since the epoch */
};

static void
emit(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(g->f, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	g->bytes += (size_t)n;
}

static const char zeek_head[] = "#separator \\x09\n#set_separator\t,\n"
    "#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n"
    "#open\t2026-11-27-00-00-00\n#fields\t%s\n#types\t%s\n";

static void
zeek_conn(struct gen *g)
{
	emit(g, zeek_head, "conn", "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\t"
	    "id.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\t"
	    "conn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\t"
	    "orig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\t"
	    "tunnel_parents", "time\tstring\taddr\tport\taddr\tport\tenum\t"
	    "string\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\t"
	    "string\tcount\tcount\tcount\tcount\tset[string]");
}

static void
zeek_conn_row(struct gen *g)
{
	static const char *const svc[] = { "ssh", "http", "ssl", "dns", "-" };
	uint64_t r = rnd();

	emit(g, "%ld.%06u\tC%014llx\t%s\t%u\t%s\t%u\t%s\t%s\t%u.%06u\t%u\t%u\t"
	    "%s\tF\tT\t0\t%s\t%u\t%u\t%u\t%u\t%s\n", g->t,
	    (unsigned)(r % 1000000), (unsigned long long)(rnd() >> 8), addr(),
	    (unsigned)(1024 + r % 60000), local(), (unsigned)(r >> 20 & 1 ?
	    22 : 443), r >> 21 & 1 ? "tcp" : "udp", svc[r >> 22 & 3],
	    (unsigned)(r >> 24 & 7), (unsigned)((r >> 27) % 1000000),
	    (unsigned)(r >> 32 & 0xffff), (unsigned)(r >> 40 & 0xfffff),
	    r >> 60 & 1 ? "SF" : "S0", r >> 61 & 1 ? "ShADadFf" : "S",
	    (unsigned)(r >> 44 & 0xff), (unsigned)(r >> 36 & 0xffff),
	    (unsigned)(r >> 52 & 0xff), (unsigned)(r >> 28 & 0xffff),
	    r >> 62 & 1 ? "(empty)" : "-");
}

static void
zeek_dns(struct gen *g)
{
	emit(g, zeek_head, "dns", "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\t"
	    "id.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\t"
	    "qtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\t"
	    "answers\tTTLs\trejected", "time\tstring\taddr\tport\taddr\t"
	    "port\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\t"
	    "string\tcount\tstring\tbool\tbool\tbool\tbool\tcount\t"
	    "vector[string]\tvector[interval]\tbool");
}

static void
zeek_dns_row(struct gen *g)
{
	uint64_t r = rnd();
	size_t u = skew(NURL);

	if (r & 1)
		emit(g, "%ld.%06u\tC%014llx\t%s\t%u\t10.0.0.53\t53\tudp\t%u\t"
		    "0.%06u\t%s\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t"
		    "%s,%s,%s\t300.000000,60.000000,60.000000\tF\n", g->t,
		    (unsigned)(r % 1000000), (unsigned long long)(rnd() >> 8),
		    local(), (unsigned)(1024 + r % 60000),
		    (unsigned)(r >> 20 & 0xffff), (unsigned)((r >> 36) % 1000000),
		    urls[u].host, doms[skew(NDOM)], addr4(), addr4());
	else
		emit(g, "%ld.%06u\tC%014llx\t%s\t%u\t10.0.0.53\t53\tudp\t%u\t"
		    "-\t%s\t1\tC_INTERNET\t28\tAAAA\t3\tNXDOMAIN\tF\tF\tT\tF\t0\t"
		    "-\t-\tF\n", g->t, (unsigned)(r % 1000000),
		    (unsigned long long)(rnd() >> 8), local(),
		    (unsigned)(1024 + r % 60000), (unsigned)(r >> 20 & 0xffff),
		    urls[u].host);
}

static void
zeek_http(struct gen *g)
{
	emit(g, zeek_head, "http", "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\t"
	    "id.resp_p\ttrans_depth\tmethod\thost\turi\treferrer\tversion\t"
	    "user_agent\torigin\trequest_body_len\tresponse_body_len\t"
	    "status_code\tstatus_msg\tinfo_code\tinfo_msg\ttags\tusername\t"
	    "password\tproxied\torig_fuids\torig_filenames\torig_mime_types\t"
	    "resp_fuids\tresp_filenames\tresp_mime_types", "time\tstring\t"
	    "addr\tport\taddr\tport\tcount\tstring\tstring\tstring\tstring\t"
	    "string\tstring\tstring\tcount\tcount\tcount\tstring\tcount\t"
	    "string\tset[enum]\tstring\tstring\tset[string]\tvector[string]\t"
	    "vector[string]\tvector[string]\tvector[string]\tvector[string]\t"
	    "vector[string]");
}

static void
zeek_http_row(struct gen *g)
{
	uint64_t r = rnd();
	size_t u = skew(NURL), ref = rnd() % NURL;
	char refb[128];

	if (r & 1)
		(void)snprintf(refb, sizeof(refb), "http://%s%s", urls[ref].host,
		    urls[ref].path);
	else
		(void)snprintf(refb, sizeof(refb), "-");
	emit(g, "%ld.%06u\tC%014llx\t%s\t%u\t%s\t80\t1\tGET\t%s\t%s\t%s\t1.1\t"
	    "%s\t-\t0\t%u\t%u\t%s\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t"
	    "F%016llx\t-\t%s\n", g->t, (unsigned)(r % 1000000),
	    (unsigned long long)(rnd() >> 8), local(),
	    (unsigned)(1024 + r % 60000), addr4(), urls[u].host, urls[u].path,
	    refb, agents[r >> 20 & 3], (unsigned)(r >> 24 & 0xffff),
	    r >> 40 & 1 ? 200 : 404, r >> 40 & 1 ? "OK" : "Not Found",
	    (unsigned long long)(rnd() >> 4), r >> 41 & 1 ? "text/html" :
	    "application/x-dosexec");
}

static void
eve_time(struct gen *g, char *b, size_t n)
{
	(void)snprintf(b, n, "2026-11-27T%02ld:%02ld:%02ld.%06u+0000",
	    g->t / 3600 % 24, g->t / 60 % 60, g->t % 60,
	    (unsigned)(rnd() % 1000000));
}

static void
eve_row(struct gen *g)
{
	uint64_t r = rnd(), kind = r % 100;
	char ts[40], ts2[40];
	const char *src = addr(), *dst = local();
	size_t u = skew(NURL);

	eve_time(g, ts, sizeof(ts));
	emit(g, "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\","
	    "\"event_type\":\"%s\",\"src_ip\":\"%s\",\"src_port\":%u,"
	    "\"dest_ip\":\"%s\",\"dest_port\":%u,\"proto\":\"%s\",", ts,
	    (unsigned long long)(rnd() >> 14), kind < 35 ? "flow" : kind < 60 ?
	    "dns" : kind < 75 ? "http" : kind < 85 ? "tls" : kind < 95 ?
	    "alert" : "fileinfo", src, (unsigned)(1024 + r % 60000), dst,
	    kind >= 35 && kind < 60 ? 53u : kind < 75 ? 80u : 443u,
	    kind >= 35 && kind < 60 ? "UDP" : "TCP");
	if (kind < 35) {
		eve_time(g, ts2, sizeof(ts2));
		emit(g, "\"app_proto\":\"failed\",\"flow\":{\"pkts_toserver\":%u,"
		    "\"pkts_toclient\":%u,\"bytes_toserver\":%u,"
		    "\"bytes_toclient\":%u,\"start\":\"%s\",\"end\":\"%s\","
		    "\"age\":%u,\"state\":\"%s\",\"reason\":\"timeout\","
		    "\"alerted\":false},\"tcp\":{\"tcp_flags\":\"1b\","
		    "\"tcp_flags_ts\":\"1b\",\"tcp_flags_tc\":\"1b\",\"syn\":true,"
		    "\"fin\":true,\"psh\":true,\"ack\":true,\"state\":\"closed\"}}\n",
		    (unsigned)(r >> 8 & 0xff), (unsigned)(r >> 16 & 0xff),
		    (unsigned)(r >> 24 & 0xffff), (unsigned)(r >> 40 & 0xfffff),
		    ts2, ts, (unsigned)(r >> 60), r >> 59 & 1 ? "established" :
		    "new");
	} else if (kind < 60) {
		if (r >> 8 & 1)
			emit(g, "\"dns\":{\"type\":\"query\",\"id\":%u,\"rrname\":"
			    "\"%s\",\"rrtype\":\"A\",\"tx_id\":0}}\n",
			    (unsigned)(r >> 16 & 0xffff), urls[u].host);
		else
			emit(g, "\"dns\":{\"version\":2,\"type\":\"answer\","
			    "\"id\":%u,\"flags\":\"8180\",\"qr\":true,\"rd\":true,"
			    "\"ra\":true,\"rrname\":\"%s\",\"rrtype\":\"A\","
			    "\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"%s\","
			    "\"rrtype\":\"A\",\"ttl\":300,\"rdata\":\"%s\"}]}}\n",
			    (unsigned)(r >> 16 & 0xffff), urls[u].host,
			    urls[u].host, addr4());
	} else if (kind < 75) {
		emit(g, "\"tx_id\":0,\"http\":{\"hostname\":\"%s\",\"url\":\"%s\","
		    "\"http_user_agent\":\"%s\",\"http_content_type\":"
		    "\"text/html\",\"http_method\":\"GET\",\"protocol\":"
		    "\"HTTP/1.1\",\"status\":%u,\"length\":%u}}\n", urls[u].host,
		    urls[u].path, agents[r >> 8 & 3], r >> 12 & 1 ? 200u : 404u,
		    (unsigned)(r >> 16 & 0xffff));
	} else if (kind < 85) {
		emit(g, "\"tls\":{\"subject\":\"CN=%s\",\"issuerdn\":\"C=US, "
		    "O=Let's Encrypt, CN=R3\",\"serial\":\"04:%02X:%02X:%02X\","
		    "\"fingerprint\":\"%s\",\"sni\":\"%s\",\"version\":\"TLS 1.2\","
		    "\"notbefore\":\"2026-10-01T00:00:00\",\"notafter\":"
		    "\"2026-12-30T00:00:00\",\"ja3\":{\"hash\":\"%s\",\"string\":"
		    "\"771,49195-49199-52393,0-23-65281-10-11,29-23-24,0\"}}}\n",
		    urls[u].host, (unsigned)(r >> 8 & 0xff),
		    (unsigned)(r >> 16 & 0xff), (unsigned)(r >> 24 & 0xff),
		    hashes[3 * (skew(NHASH / 3)) + 1], urls[u].host,
		    hashes[3 * (skew(NHASH / 3))]);
	} else if (kind < 95) {
		emit(g, "\"alert\":{\"action\":\"allowed\",\"gid\":1,"
		    "\"signature_id\":%u,\"rev\":3,\"signature\":\"ET SCAN "
		    "Potential SSH Scan\",\"category\":\"Attempted Information "
		    "Leak\",\"severity\":2}}\n", 2001219 + (unsigned)(r >> 8 & 0xff));
	} else {
		size_t h = 3 * skew(NHASH / 3);

		emit(g, "\"http\":{\"hostname\":\"%s\",\"url\":\"%s\"},"
		    "\"fileinfo\":{\"filename\":\"%s\",\"magic\":\"PE32 executable\","
		    "\"gaps\":false,\"state\":\"CLOSED\",\"md5\":\"%s\",\"sha1\":"
		    "\"%s\",\"sha256\":\"%s\",\"stored\":false,\"size\":%u,"
		    "\"tx_id\":0}}\n", urls[u].host, urls[u].path, urls[u].path,
		    hashes[h], hashes[h + 1], hashes[h + 2],
		    (unsigned)(r >> 8 & 0xfffff));
	}
}

static void
web_row(struct gen *g)
{
	uint64_t r = rnd();
	size_t u = skew(NURL), ref = rnd() % NURL;

	if (r % 50 == 0)
		emit(g, "%s - - [27/Nov/2026:%02ld:%02ld:%02ld +0000] \"GET "
		    "/newsletter/unsubscribe?email=%s HTTP/1.1\" 302 0 \"-\" \"%s\"\n",
		    addr(), g->t / 3600 % 24, g->t / 60 % 60, g->t % 60,
		    mails[skew(NMAIL)], agents[r >> 8 & 3]);
	else
		emit(g, "%s - - [27/Nov/2026:%02ld:%02ld:%02ld +0000] \"GET %s "
		    "HTTP/1.1\" %u %u \"http://%s%s\" \"%s\"\n", addr(),
		    g->t / 3600 % 24, g->t / 60 % 60, g->t % 60, urls[u].path,
		    r >> 8 & 1 ? 200u : 404u, (unsigned)(r >> 16 & 0xffff),
		    urls[ref].host, urls[ref].path, agents[r >> 8 & 3]);
}

/* sshd lines: each names one address, as the counts check needs. */
static void
auth_row(struct gen *g)
{
	uint64_t r = rnd();
	char when[64];
	char user[16];

	(void)snprintf(when, sizeof(when), "Nov 27 %02ld:%02ld:%02ld gw sshd[%u]",
	    g->t / 3600 % 24, g->t / 60 % 60, g->t % 60,
	    (unsigned)(1000 + r % 60000));
	label(&logseed, user, sizeof(user));
	switch (r >> 20 & 7) {
	case 0:
	case 1:
	case 2:
		emit(g, "%s: Failed password for invalid user %s from %s port %u "
		    "ssh2\n", when, user, addr(), (unsigned)(1024 + r % 60000));
		break;
	case 3:
		emit(g, "%s: Invalid user %s from %s port %u\n", when, user,
		    addr(), (unsigned)(1024 + r % 60000));
		break;
	case 4:
		emit(g, "%s: pam_unix(sshd:auth): authentication failure; "
		    "logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root\n",
		    when, addr());
		break;
	case 5:
		emit(g, "%s: Received disconnect from %s port %u:11: Bye Bye "
		    "[preauth]\n", when, addr(), (unsigned)(1024 + r % 60000));
		break;
	case 6:
		emit(g, "%s: Connection closed by authenticating user root %s "
		    "port %u [preauth]\n", when, addr(),
		    (unsigned)(1024 + r % 60000));
		break;
	default:
		emit(g, "%s: Accepted publickey for deploy from %s port %u ssh2: "
		    "ED25519 SHA256:%016llx\n", when, addr(),
		    (unsigned)(1024 + r % 60000), (unsigned long long)(rnd() >> 2));
	}
}

/* Writes mb megabytes of one kind of log to path. */
static void
generate(const char *path, const char *kind, size_t mb)
{
	struct gen g = { .t = 1795773600 };
	size_t want = mb << 20;
	void (*row)(struct gen *);

	if ((g.f = fopen(path, "w")) == NULL)
		abort();
	if (strcmp(kind, "conn") == 0) {
		zeek_conn(&g);
		row = zeek_conn_row;
	} else if (strcmp(kind, "dns") == 0) {
		zeek_dns(&g);
		row = zeek_dns_row;
	} else if (strcmp(kind, "http") == 0) {
		zeek_http(&g);
		row = zeek_http_row;
	} else if (strcmp(kind, "eve") == 0)
		row = eve_row;
	else if (strcmp(kind, "web") == 0)
		row = web_row;
	else
		row = auth_row;
	while (g.bytes < want) {
		g.t += (long)(rnd() % 2);
		row(&g);
	}
	if (kind[0] == 'c' || kind[0] == 'd' || kind[0] == 'h')
		emit(&g, "#close\t2026-11-28-00-00-00\n");
	if (fclose(g.f) != 0)
		abort();
}

/*
 * The list of n indicators: PRESENT values from the pools (addresses,
 * their /24s, registered domains that the logs' host names end in, URLs,
 * e-mail addresses, digests), then n - PRESENT of the same mix that are
 * in no log: 40% IPv4, 5% IPv6, 5% networks, 20% domains, 10% URLs, 5%
 * e-mail addresses, 15% digests. The same seed for every list, so the
 * 1k list is the start of the 100k one.
 */
static void
write_list(const char *path, size_t n)
{
	uint64_t s = indseed, ps = indseed + 1;
	FILE *f = fopen(path, "w");
	char a[72], b[16], c[16];

	if (f == NULL)
		abort();
	for (size_t i = 0; i < PRESENT && i < n; i++) {
		size_t k = i % 10;

		/* Busy and quiet ones alike: uniform over each pool. */
		if (k < 4)
			(void)fprintf(f, "%s\n", addrs[rnd_of(&ps) % NADDR]);
		else if (k == 4) {
			size_t j = rnd_of(&ps) % NADDR;

			j -= j % 20 == 19;
			(void)fprintf(f, "%.*s0/24\n", (int)(strrchr(addrs[j], '.') -
			    addrs[j] + 1), addrs[j]);
		} else if (k < 7)
			(void)fprintf(f, "%s\n", doms[rnd_of(&ps) % NDOM]);
		else if (k == 7) {
			size_t j = rnd_of(&ps) % NURL;

			(void)fprintf(f, "http://%s%s\n", urls[j].host, urls[j].path);
		} else if (k == 8)
			(void)fprintf(f, "%s\n", mails[rnd_of(&ps) % NMAIL]);
		else
			(void)fprintf(f, "%s\n", hashes[rnd_of(&ps) % NHASH]);
	}
	for (size_t i = PRESENT; i < n; i++) {
		uint64_t k = rnd_of(&s) % 20, r;

		if (k < 8) {
			v4(&s, a, sizeof(a));
			(void)fprintf(f, "%s\n", a);
		} else if (k == 8) {
			r = rnd_of(&s);
			(void)fprintf(f, "2001:%x:%x:%x::%x\n",
			    (unsigned)(r & 0xffff) | 0x1000, (unsigned)(r >> 16 &
			    0xffff), (unsigned)(r >> 32 & 0xffff),
			    (unsigned)(r >> 48) + 1);
		} else if (k == 9) {
			r = rnd_of(&s);
			if (r & 1)
				(void)fprintf(f, "%u.%u.%u.0/24\n",
				    (unsigned)(1 + (r >> 8 & 0xff) % 223),
				    (unsigned)(r >> 16 & 0xff),
				    (unsigned)(r >> 24 & 0xff));
			else
				(void)fprintf(f, "%u.%u.%u.%u/28\n",
				    (unsigned)(1 + (r >> 8 & 0xff) % 223),
				    (unsigned)(r >> 16 & 0xff),
				    (unsigned)(r >> 24 & 0xff),
				    (unsigned)(r >> 32 & 0xf0));
		} else if (k < 14) {
			label(&s, b, sizeof(b));
			label(&s, c, sizeof(c));
			(void)fprintf(f, "%s%s.%s.%s\n", k == 13 ? "www." : "", b, c,
			    tlds[rnd_of(&s) % 10]);
		} else if (k < 16) {
			label(&s, b, sizeof(b));
			label(&s, c, sizeof(c));
			(void)fprintf(f, "http://%s.%s/%s/%u.php\n", b,
			    tlds[rnd_of(&s) % 10], c, (unsigned)(rnd_of(&s) % 1000));
		} else if (k == 16) {
			label(&s, b, sizeof(b));
			label(&s, c, sizeof(c));
			(void)fprintf(f, "%s@%s.%s\n", b, c, tlds[rnd_of(&s) % 10]);
		} else {
			hex(&s, a, k == 17 ? 32 : k == 18 ? 40 : 64);
			(void)fprintf(f, "%s\n", a);
		}
	}
	if (fclose(f) != 0)
		abort();
}

/* The counts check's list: IPv4 addresses only, a fifth of them in logs. */
static void
write_addr_list(const char *path)
{
	uint64_t s = indseed + 2;
	FILE *f = fopen(path, "w");
	char a[48];

	if (f == NULL)
		abort();
	for (size_t i = 0; i < AGREE_LIST; i++) {
		if (i % 5 == 0) {
			size_t j = rnd_of(&s) % NADDR;

			j -= j % 20 == 19;
			(void)fprintf(f, "%s\n", addrs[j]);
		} else {
			v4(&s, a, sizeof(a));
			(void)fprintf(f, "%s\n", a);
		}
	}
	if (fclose(f) != 0)
		abort();
}

static double
cpu_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reading the files and finding their newlines: the floor of any format. */
static double
floor_cpu(char *const *paths, size_t n)
{
	static char buf[1 << 18];
	double best = 1e9;

	for (int round = 0; round < ROUNDS; round++) {
		double t0 = cpu_now();
		uint64_t lines = 0;

		for (size_t i = 0; i < n; i++) {
			int fd = open(paths[i], O_RDONLY);
			ssize_t got;

			if (fd < 0)
				abort();
			while ((got = read(fd, buf, sizeof(buf))) > 0)
				for (char *p = buf; (p = memchr(p, '\n',
				    (size_t)(buf + got - p))) != NULL; p++)
					lines++;
			(void)close(fd);
		}
		if (lines == 0)
			abort();
		if (cpu_now() - t0 < best)
			best = cpu_now() - t0;
	}
	return best;
}

static const char *hotline;
static char tmp[] = "/tmp/bench_match.XXXXXX";

struct run {
	double	 cpu;		/* user + system seconds of the child */
	int	 status;	/* exit status; -1: killed */
	bool	 capped;	/* stopped by the alarm */
};

/*
 * Runs argv with stdout to out (NULL: a scratch file, never /dev/null,
 * where GNU grep stops at the first match as if given -q), stderr kept,
 * in the C locale (grep is fastest there: the comparison is kind to it),
 * stopped by SIGALRM after cap seconds.
 */
static void
spawn(char *const argv[], const char *out, unsigned cap, struct run *r)
{
	struct rusage ru;
	pid_t pid;
	int st;

	(void)fflush(stdout);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0) {
		char sink[64];
		int fd;

		(void)snprintf(sink, sizeof(sink), "%s/stdout", tmp);
		fd = open(out != NULL ? out : sink, O_WRONLY | O_CREAT | O_TRUNC,
		    0600);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		(void)setenv("LC_ALL", "C", 1);
		(void)alarm(cap);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			abort();
	r->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec /
	    1e6 + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	r->capped = WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

enum tool { HOTLINE, GREP, RG, NTOOLS };

/*
 * hotline match --indicators LIST --json --since all --threads 1 FILES,
 * grep -F -w -c -f LIST FILES or rg --no-config -F -w -c -j1 -f LIST
 * FILES.
 */
static void
run_tool(enum tool t, const char *list, char *const *files, size_t n,
    const char *out, unsigned cap, struct run *r)
{
	char *argv[16 + MAX_REP * 3];
	size_t k = 0;

	if (t == HOTLINE) {
		argv[k++] = (char *)hotline;
		argv[k++] = "match";
		argv[k++] = "--indicators";
		argv[k++] = (char *)list;
		argv[k++] = "--json";
		argv[k++] = "--since";
		argv[k++] = "all";
		argv[k++] = "--threads";
		argv[k++] = "1";
	} else {
		argv[k++] = t == GREP ? "grep" : "rg";
		if (t == RG)
			argv[k++] = "--no-config";
		argv[k++] = "-F";
		argv[k++] = "-w";
		argv[k++] = "-c";
		if (t == RG)
			argv[k++] = "-j1";
		argv[k++] = "-f";
		argv[k++] = (char *)list;
	}
	for (size_t i = 0; i < n && k + 1 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[k++] = files[i];
	argv[k] = NULL;
	spawn(argv, out, cap, r);
}

static bool
is_bad(enum tool t, const struct run *r)
{
	/* grep and rg exit 1 when nothing matched. */
	return r->capped || (r->status != 0 && !(t != HOTLINE &&
	    r->status == 1));
}

/* A tool's cost with a list and no log: reading it, writing the answer. */
struct load {
	double	 cpu;
	bool	 capped, failed;
};

static void
measure_load(enum tool t, const char *list, const char *empty,
    struct load *l)
{
	char *e[] = { (char *)empty };
	int rounds = t == HOTLINE ? ROUNDS : 1;
	struct run r;

	l->cpu = 1e9;
	l->capped = l->failed = false;
	for (int i = 0; i < rounds; i++) {
		run_tool(t, list, e, 1, NULL, CAP, &r);
		if (is_bad(t, &r)) {
			l->failed = true;
			l->capped = r.capped;
			return;
		}
		l->cpu = r.cpu < l->cpu ? r.cpu : l->cpu;
	}
}

/* A tool's scanning figure with one list on one format. */
struct figure {
	double	 mbs;		/* MB/s per core; 0: none */
	size_t	 on;		/* bytes scanned; < the format's: a prefix */
	size_t	 rep;		/* hotline: times the files were read */
	bool	 capped, failed;
};

/* hotline match on all the format's files: the best of ROUNDS. */
static void
measure_match(const char *list, const struct load *l, char *const *files,
    size_t n, size_t bytes, struct figure *fg)
{
	double best = 1e9, want = l->cpu * 2 > 1.0 ? l->cpu * 2 : 1.0;
	char *many[MAX_REP * 3];
	size_t rep = 1;
	struct run r;

	memset(fg, 0, sizeof(*fg));
	fg->rep = 1;
	fg->on = bytes;
	if (l->failed || n > 3) {
		fg->failed = true;
		fg->capped = l->capped;
		return;
	}
	for (int i = 0, rounds = ROUNDS; i < rounds; i++) {
		for (size_t k = 0; k < rep * n; k++)
			many[k] = files[k % n];
		run_tool(HOTLINE, list, many, rep * n, NULL, CAP +
		    (unsigned)l->cpu, &r);
		if (is_bad(HOTLINE, &r)) {
			fg->failed = true;
			fg->capped = r.capped;
			return;
		}
		best = r.cpu < best ? r.cpu : best;
		/*
		 * Scanning that is short beside the load would be lost in
		 * its noise: the files again, as often as it takes (a 1M
		 * list takes seconds to read), and the rounds from there.
		 */
		if (i == 0 && rep == 1 && r.cpu - l->cpu < want) {
			double scan = r.cpu - l->cpu;

			rep = scan > want / MAX_REP ? (size_t)(want / scan) + 1 :
			    MAX_REP;
			rep = rep > MAX_REP ? MAX_REP : rep;
			if (rep > 1) {
				best = 1e9;
				i = -1;
				rounds = r.cpu > 5 ? 2 : ROUNDS;
			}
		}
	}
	fg->rep = rep;
	fg->mbs = best > l->cpu ? (double)(bytes * rep) / (1 << 20) /
	    (best - l->cpu) : 0;
}

/*
 * The first want / n bytes of each of the n files (so that a prefix of
 * text or Zeek has each kind of log in it), cut after a newline, into
 * path. Returns the bytes written.
 */
static size_t
prefix(char *const *files, size_t n, size_t want, const char *path)
{
	static char buf[1 << 18];
	FILE *out = fopen(path, "w");
	size_t all = 0;

	if (out == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		FILE *in = fopen(files[i], "r");
		size_t got, done = 0, each = want / n;

		if (in == NULL)
			abort();
		while (done < each && (got = fread(buf, 1, sizeof(buf), in)) > 0) {
			if (done + got >= each) {
				char *nl = memchr(buf + (each - done), '\n',
				    got - (each - done));

				got = nl != NULL ? (size_t)(nl - buf) + 1 : got;
			}
			if (fwrite(buf, 1, got, out) != got)
				abort();
			done += got;
		}
		all += done;
		(void)fclose(in);
	}
	if (fclose(out) != 0)
		abort();
	return all;
}

/*
 * grep or rg on a prefix, once (these are the slow ones): 1 MB first,
 * then a prefix sized for SCAN_TARGET seconds of scanning, or a quarter
 * of the load if that is longer (so that the load's noise stays small
 * beside it), at most all the bytes. A run is stopped CAP seconds past
 * its load, and then the list is not tried on the formats after.
 */
static void
measure_grep(enum tool t, const char *list, struct load *l,
    char *const *files, size_t n, size_t bytes, struct figure *fg)
{
	double target = SCAN_TARGET > l->cpu / 4 ? SCAN_TARGET : l->cpu / 4;
	size_t want = (size_t)1 << 20;
	char path[64], *p[1] = { path };
	struct run r;

	memset(fg, 0, sizeof(*fg));
	if (l->failed) {
		fg->failed = true;
		fg->capped = l->capped;
		return;
	}
	(void)snprintf(path, sizeof(path), "%s/prefix", tmp);
	for (int step = 0; step < 4; step++) {
		double scan;

		fg->on = prefix(files, n, want < bytes ? want : bytes, path);
		run_tool(t, list, p, 1, NULL, CAP + (unsigned)l->cpu, &r);
		if (is_bad(t, &r)) {
			fg->failed = true;
			fg->capped = r.capped;
			/* Over CAP on this format: not tried on the next. */
			l->failed = l->capped = r.capped;
			break;
		}
		scan = r.cpu - l->cpu;
		fg->mbs = scan > 0.01 ? (double)fg->on / (1 << 20) / scan : 0;
		if (scan >= target / 2 || fg->on >= bytes)
			break;
		want = scan > 0.05 ? (size_t)((double)fg->on * target / scan) :
		    fg->on * 16;
	}
	(void)unlink(path);
}

static void
print_fig(const struct figure *fg)
{
	if (fg->capped)
		(void)printf(" %9s", ">cap");
	else if (fg->failed)
		(void)printf(" %9s", "failed");
	else if (fg->mbs == 0)
		(void)printf(" %9s", "n/a");
	else
		(void)printf(fg->mbs < 10 ? " %9.2f" : " %9.1f", fg->mbs);
}

static double
ratio(const struct figure *a, const struct figure *b)
{
	if (a->mbs == 0 || b->mbs == 0 || a->failed || b->failed)
		return 0;
	return a->mbs / b->mbs;
}

static void
print_ratio(const char *what, double r, const char *goal)
{
	if (r == 0)
		(void)printf("    %-34s %8s   %s\n", what, "n/a", goal);
	else
		(void)printf("    %-34s %8.2f   %s\n", what, r, goal);
}

/* The sum of a count file's numbers: grep -c's, or "PATH:N" lines. */
static long long
sum_counts(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	long long sum = 0;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *c = strrchr(line, ':');

		sum += strtoll(c != NULL ? c + 1 : line, NULL, 10);
	}
	(void)fclose(f);
	return sum;
}

/* The sum of match's findings' counts in its --json at path. */
static long long
sum_match(const char *path)
{
	json_error_t err;
	json_t *j = json_load_file(path, 0, &err), *f;
	long long sum = 0;
	size_t i;

	if (j == NULL || !json_is_array(json_object_get(j, "findings"))) {
		json_decref(j);
		return -1;
	}
	json_array_foreach(json_object_get(j, "findings"), i, f)
		sum += json_integer_value(json_object_get(f, "count"));
	json_decref(j);
	return sum;
}

/*
 * An IPv4 list over the sshd log (its first AGREE_MB: rg -F -w with
 * 10,000 words reads well under 1 MB/s), where each line names one
 * address as a whole token: the lines grep -F -w -c counts are the sum
 * of match's counts, and rg's.
 */
static void
agree(const char *auth, bool have_rg)
{
	char list[64], out[64], part[64], *files[] = { part }, *a[1];
	long long c[NTOOLS];
	size_t on;
	struct run r;

	(void)snprintf(list, sizeof(list), "%s/addresses", tmp);
	(void)snprintf(out, sizeof(out), "%s/out", tmp);
	(void)snprintf(part, sizeof(part), "%s/auth-part.log", tmp);
	a[0] = (char *)auth;
	on = prefix(a, 1, (size_t)AGREE_MB << 20, part);
	write_addr_list(list);
	for (int t = 0; t < NTOOLS; t++) {
		c[t] = -1;
		if (t == RG && !have_rg)
			continue;
		run_tool((enum tool)t, list, files, 1, out, 4 * CAP, &r);
		if (!is_bad((enum tool)t, &r))
			c[t] = t == HOTLINE ? sum_match(out) : sum_counts(out);
	}
	(void)printf("\ncounts, %d IPv4 addresses over %zu MB of the sshd "
	    "log (one address a line, a whole token):\n", AGREE_LIST, on >> 20);
	(void)printf("  hotline match (sum of counts) %lld, grep -F -w -c "
	    "%lld, rg -F -w -c %lld: ", c[HOTLINE], c[GREP], c[RG]);
	if (c[HOTLINE] < 0 || c[GREP] < 0)
		(void)printf("cannot compare (a run failed)\n");
	else if (c[HOTLINE] == c[GREP] && (c[RG] < 0 || c[RG] == c[GREP]))
		(void)printf("counts agree\n");
	else
		(void)printf("counts differ: match - grep = %lld, rg - grep = "
		    "%lld\n", c[HOTLINE] - c[GREP], c[RG] - c[GREP]);
	(void)unlink(list);
	(void)unlink(out);
	(void)unlink(part);
}

int
main(int argc, char **argv)
{
	static const char *const kinds[] = { "web", "auth", "conn", "dns",
	    "http", "eve" };
	/* Of every 16 MB of logs: text 4, Zeek 6, EVE 6. */
	static const size_t share[] = { 2, 2, 2, 2, 2, 6 };
	static const struct {
		const char	*name, *goal;
		size_t		 from, n;
		double		 target;
	} fmts[] = {
		{ "text (web + sshd)", ">= 1000 MB/s per core", 0, 2, 1000 },
		{ "Zeek TSV (conn + dns + http)", ">= 1000 MB/s per core", 2, 3,
		    1000 },
		{ "EVE JSON", ">= 400 MB/s per core", 5, 1, 400 },
	};
	static const char *const tnames[] = { "hotline match", "grep -F -w",
	    "rg -F -w -j1" };
	static const size_t counts[] = { 1000, 100000, 1000000 };
	static const char *const cnames[] = { "1k", "100k", "1M" };
	char paths[6][64], lists[3][64], empty[64], *files[6];
	struct load load[NTOOLS][3];
	size_t mb, bytes[6];
	const char *env = getenv("BENCH_MATCH_MB");
	bool have_rg;
	FILE *f;

	if (argc < 2) {
		(void)fprintf(stderr, "usage: bench_match HOTLINE [MB]\n");
		return 2;
	}
	hotline = argv[1];
	mb = argc > 2 ? strtoul(argv[2], NULL, 10) : env != NULL ?
	    strtoul(env, NULL, 10) : 256;
	if (mb < 16)
		mb = 16;
	if (mkdtemp(tmp) == NULL)
		abort();
	have_rg = system("rg --version >/dev/null 2>&1") == 0;
	make_pools();
	for (size_t i = 0; i < 6; i++) {
		(void)snprintf(paths[i], sizeof(paths[i]), "%s/%s.log", tmp,
		    kinds[i]);
		files[i] = paths[i];
		generate(paths[i], kinds[i], mb * share[i] / 16);
		bytes[i] = (size_t)(mb * share[i] / 16) << 20;
	}
	(void)snprintf(empty, sizeof(empty), "%s/empty.log", tmp);
	if ((f = fopen(empty, "w")) == NULL || fclose(f) != 0)
		abort();
	(void)printf("bench_match: %zu MB of logs (BENCH_MATCH_MB=1024 for "
	    "1 GB), lists of 1k, 100k and 1M indicators, %d of each in the "
	    "logs\n", mb, PRESENT);
	(void)printf("MB/s per core: CPU time of one process, less the same "
	    "run on an empty file (\"load\")%s\n", have_rg ? "" :
	    "; rg is not installed (sh scripts/setup.sh bench)");
	(void)printf("\n  %-26s %9s %9s %9s   (CPU s: read the list, write "
	    "the answer)\n", "load", "1k", "100k", "1M");
	for (size_t c = 0; c < 3; c++) {
		(void)snprintf(lists[c], sizeof(lists[c]), "%s/list-%s", tmp,
		    cnames[c]);
		write_list(lists[c], counts[c]);
	}
	for (int t = 0; t < NTOOLS; t++) {
		(void)printf("  %-26s", tnames[t]);
		for (size_t c = 0; c < 3; c++) {
			struct load *l = &load[t][c];

			if (t == RG && !have_rg)
				*l = (struct load){ .failed = true };
			else if (c > 0 && load[t][c - 1].capped)
				*l = (struct load){ .failed = true,
				    .capped = true };
			else
				measure_load((enum tool)t, lists[c], empty, l);
			if (l->capped)
				(void)printf(" %9s", ">cap");
			else if (l->failed)
				(void)printf(" %9s", "failed");
			else
				(void)printf(" %9.2f", l->cpu);
		}
		(void)printf("\n");
	}

	for (size_t fi = 0; fi < 3; fi++) {
		char *const *fs = files + fmts[fi].from;
		size_t n = fmts[fi].n, total = 0;
		struct figure m[NTOOLS][3];
		double fl;

		for (size_t i = 0; i < n; i++)
			total += bytes[fmts[fi].from + i];
		fl = (double)total / (1 << 20) / floor_cpu(fs, n);
		(void)printf("\n%s, %zu MB\n", fmts[fi].name, total >> 20);
		(void)printf("  %-26s %9s %9s %9s\n", "MB/s per core", "1k",
		    "100k", "1M");
		(void)printf("  %-26s %9.0f   (read + memchr lines)\n", "floor",
		    fl);
		for (int t = 0; t < NTOOLS; t++) {
			(void)printf("  %-26s", tnames[t]);
			for (size_t c = 0; c < 3; c++) {
				if (t == HOTLINE)
					measure_match(lists[c], &load[t][c], fs, n,
					    total, &m[t][c]);
				else
					measure_grep((enum tool)t, lists[c],
					    &load[t][c], fs, n, total, &m[t][c]);
				print_fig(&m[t][c]);
			}
			if (t == HOTLINE) {
				(void)printf("   files read");
				for (size_t c = 0; c < 3; c++)
					(void)printf(" %zu", m[t][c].rep);
				(void)printf(" times");
			} else {
				(void)printf("   on the first");
				for (size_t c = 0; c < 3; c++)
					(void)printf(" %zu", m[t][c].on >> 20);
				(void)printf(" MB");
			}
			(void)printf("\n");
		}
		print_ratio("match at 1k vs the goal", m[HOTLINE][0].mbs /
		    fmts[fi].target, fmts[fi].goal);
		print_ratio("match at 1k vs the floor", m[HOTLINE][0].mbs / fl,
		    "");
		print_ratio("match at 1M vs at 1k", ratio(&m[HOTLINE][2],
		    &m[HOTLINE][0]), ">= 0.8");
		print_ratio("match vs grep -F -w at 100k", ratio(&m[HOTLINE][1],
		    &m[GREP][1]), ">= 10");
		for (size_t c = 0; c < 3; c++) {
			char what[48];

			(void)snprintf(what, sizeof(what), "match vs rg -F -w at %s",
			    cnames[c]);
			print_ratio(what, ratio(&m[HOTLINE][c], &m[RG][c]), "");
		}
	}
	agree(paths[1], have_rg);

	if (getenv("BENCH_MATCH_KEEP") != NULL)
		(void)printf("logs and lists kept in %s\n", tmp);
	else {
		for (size_t i = 0; i < 6; i++)
			(void)unlink(paths[i]);
		for (size_t c = 0; c < 3; c++)
			(void)unlink(lists[c]);
		(void)unlink(empty);
		(void)snprintf(empty, sizeof(empty), "%s/stdout", tmp);
		(void)unlink(empty);
		(void)rmdir(tmp);
	}
	return 0;
}
