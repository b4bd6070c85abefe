/*
 * Every limit hotline applies to untrusted input, in one place. Each says
 * what it bounds, why it has that value, and whether anything may raise it.
 * None of them can be switched off: a parser that meets more than a limit
 * allows refuses the input with HL_ETOOBIG or HL_EDEPTH and changes nothing.
 */
#ifndef HL_LIMITS_H
#define HL_LIMITS_H

/*
 * One signed envelope, as stored and as sent. A request with the maximum
 * number of indicators at typical lengths is about 200 KiB; bulk evidence
 * travels as attachments named by hash, not inline. Hard maximum: 16 MiB
 * (the HTTP body limit of the daemon must stay above this).
 */
#define HL_MAX_MSG_BYTES	(1024 * 1024)

/*
 * Nesting of JSON objects and arrays inside an envelope. The deepest
 * legitimate path is body.findings[i].indicator.value (depth 5); 16 leaves
 * room for extensions while keeping validation and serialization stack use
 * trivially small.
 */
#define HL_MAX_ENVELOPE_DEPTH	16

/*
 * Top-level members of an envelope: the schema allows 15; the serializer
 * keeps their spans in a fixed array of this size.
 */
#define HL_MAX_ENVELOPE_MEMBERS	20

/*
 * `hotline canon` accepts any JSON text an auditor hands it, so it is
 * looser than the envelope limits but still bounded: 64 MiB and 256 levels.
 * jansson's own parser stops at 2048 levels; we refuse earlier, before it
 * allocates, and our serializer recurses once per level.
 */
#define HL_MAX_CANON_BYTES	(64 * 1024 * 1024)
#define HL_MAX_CANON_DEPTH	256

/*
 * An identity card is a handful of short fields and at most
 * CARD_MAX_RETIRED retired keys of about 150 bytes each: about 3 KiB at
 * most; 8 KiB leaves room.
 */
#define HL_MAX_CARD_BYTES	8192

/*
 * status and todo warn this many days before a card's not_after: a
 * month is time to find the identity key in its safe and renew.
 */
#define HL_CARD_WARN_DAYS	30

/* A party id, as in DESIGN.md: [a-z0-9.-]{1,64}. */
#define HL_MAX_PARTY_LEN	64

/* A peer's endpoint URL. */
#define HL_MAX_URL_LEN		512

/* A one-line subject, like an e-mail subject. */
#define HL_MAX_SUBJECT_LEN	256

/* Free-text summaries and reasons: a few pages of prose. */
#define HL_MAX_SUMMARY_LEN	16384

/*
 * Indicators in one request, notice or query, and findings in one
 * response. 10,000 addresses cover a large scanning campaign; more belongs
 * in an attachment.
 */
#define HL_MAX_INDICATORS	10000
#define HL_MAX_FINDINGS		10000

/* One indicator value: a URL may be long, nothing else comes close. */
#define HL_MAX_INDICATOR_LEN	2048

/* Expected or taken actions: the IODEF vocabulary has 24 values. */
#define HL_MAX_ACTIONS		32

/* Messages a message may refer to (reply-to, escalation-of, ...). */
#define HL_MAX_REFS		16

/* Attachments named by an envelope, and the length of their names. */
#define HL_MAX_ATTACHMENTS	64
#define HL_MAX_NAME_LEN		256

/* Short enumerated or structured strings (media types, "where" entries). */
#define HL_MAX_SHORT_LEN	256

/*
 * A contact-ack's "by": the name of who acknowledged, an operator's
 * ("alice", 64 like users.h's) or the CLI's actor ("unix:alice").
 */
#define HL_MAX_ACK_BY_LEN	64

/*
 * The places one finding names ("conn.log:12 id.orig_h"): its first few
 * sightings, enough to look them up, not a log of them all (count says how
 * many there were). match keeps as many (MATCH_WHERE).
 */
#define HL_MAX_FINDING_WHERE	10

/*
 * Sequence numbers and counts are JSON numbers, and JSON numbers are IEEE
 * doubles to every other implementation (RFC 8785, I-JSON): beyond 2^53 they
 * stop being exact, so nothing larger is accepted.
 */
#define HL_MAX_SAFE_INT		9007199254740991LL

/*
 * One log leaf: an event record with an envelope's metadata, never its
 * body. The largest is a message with 16 refs, about 1.5 KiB.
 */
#define HL_MAX_LEAF_BYTES	8192

/*
 * A signed note (checkpoints, cosigned checkpoints, tlog-proof files):
 * a few lines of text and signatures. C2SP asks verifiers to accept at
 * least 16 signatures; Go accepts 100, and so do we.
 */
#define HL_MAX_NOTE_BYTES	(64 * 1024)
#define HL_MAX_NOTE_SIGS	100

/*
 * A signature line's decoded blob: Ed25519 needs 68 bytes and a
 * cosignature 76; ML-DSA-44 signatures (2420) are read to be reported.
 */
#define HL_MAX_NOTE_BLOB	4096

/* Extension lines in a checkpoint (C2SP: optional, NOT RECOMMENDED). */
#define HL_MAX_CHECKPOINT_EXTENSIONS	16

/*
 * A tlog-proof file: header, at most 64 hashes, the checkpoint note;
 * its optional "extra" (application data, unused by hotline) is capped.
 */
#define HL_MAX_PROOF_FILE_BYTES	(2 * HL_MAX_NOTE_BYTES)
#define HL_MAX_PROOF_EXTRA	1024

/* A receipt: a dozen short fields (about 400 bytes). */
#define HL_MAX_RECEIPT_BYTES	2048

/*
 * A problem document (RFC 9457) from a peer: a type, a title, a detail of
 * at most 800 bytes and a field path.
 */
#define HL_MAX_PROBLEM_BYTES	4096

/*
 * A batch of envelopes in one POST (batch.h). 256 messages amortize the
 * round trip, the fsync and the checkpoint signature to under 1% each of
 * a message's own cost, while a batch's answer (256 receipts, about
 * 100 KiB) stays small. The byte cap bounds what one POST may make the
 * receiver hold; it is at least one largest message, which always fits.
 */
#define HL_MAX_BATCH_MSGS	256
#define HL_MAX_BATCH_BYTES	(4 * 1024 * 1024)
#define HL_MAX_BATCH_ANSWER	(HL_MAX_BATCH_MSGS * (HL_MAX_RECEIPT_BYTES + 1) + \
				 HL_MAX_PROBLEM_BYTES)

/*
 * The HTTPS endpoint (src/serve/http.c, src/core/http1.c). A request head
 * (request line and fields) from curl is about 200 bytes; 8 KiB is what
 * most servers allow and leaves room for nothing we use. 32 field lines
 * are four times what a client sends us; a target is a path and two
 * numbers.
 */
#define HL_HTTP_MAX_HEAD	8192
#define HL_HTTP_MAX_FIELDS	32
#define HL_HTTP_MAX_TARGET	1024

/*
 * Connections before authentication: from accept until the TLS handshake
 * has ended with a pinned key. Anyone can open these, so they are few and
 * short: 32 in all and 8 per source address; a newcomer over either count
 * evicts the oldest one (of its address, else of all), so a stranger who
 * holds slots loses them to the next arrival, and a real peer's handshake
 * (milliseconds long) gets through. Each is dropped 5 s after accept, its
 * whole handshake included, whatever it trickles: TLS over a slow link
 * takes two round trips, well under that. A connection that sends
 * nothing waits up to as long in the kernel (TCP_DEFER_ACCEPT) before it
 * is accepted at all.
 */
#define HL_HTTP_PREAUTH		32
#define HL_HTTP_PREAUTH_PER_IP	8
#define HL_HTTP_PREAUTH_MS	5000

/*
 * Connections of pinned peers, which strangers cannot take: 64 in all
 * and 4 per pinned party (the daemon's outbox and witness use one each;
 * a peer's new connection over its count replaces its oldest idle one,
 * or is answered 503 if none is idle). A request must be complete, its
 * answer sent, 30 s after its first byte (a 4 MiB batch at 1 Mbit/s
 * takes 32 s, so slower links send smaller batches); an idle keep-alive
 * connection is closed after 30 s.
 */
#define HL_HTTP_PEERS		64
#define HL_HTTP_PER_PEER	4
#define HL_HTTP_REQUEST_MS	30000
#define HL_HTTP_IDLE_MS		30000

/*
 * The TAXII listener (taxii_listen, src/serve/http.c), for the node's own
 * MISP or OpenCTI. Its connections share the pre-auth counts above until
 * a client is known (a pinned certificate, or a password checked); then
 * 8 per user, as a client that pulls pages in parallel may want, within
 * HL_HTTP_PEERS. A user name is [a-z0-9._-]{1,64}, like a party id; a
 * password at most 128 bytes (a generated one is 32). A password is
 * checked with Argon2id (about 100 ms and 64 MiB here), so at most 5
 * failures a minute are checked per client address (an IPv6 address by
 * its /64), in a table of 1024 addresses; past that the answer is 429
 * and nothing is computed. A failed check closes its connection.
 */
#define HL_TAXII_PER_USER	8
#define HL_TAXII_USER_LEN	64
#define HL_TAXII_PASSWORD_LEN	128
#define HL_TAXII_FAILS		5
#define HL_TAXII_FAIL_WINDOW_MS	60000
#define HL_TAXII_FAIL_ADDRS	1024

/*
 * The operators' console and REST API (console_listen, src/serve/http.c
 * and console.c). Accounts share the TAXII users' rules for names and
 * passwords, and its failed-login limit per address. A session lives in
 * the daemon's memory: at most 256, each ended after 30 minutes without
 * a request or 12 hours after its login, whichever comes first (a duty
 * shift). A request body (a request to send, with its indicators) may be
 * as large as a body file; a token for scripts is "hlt_" and 43
 * base64url characters (32 random bytes), kept only as its SHA-256.
 * The trail shows at most 1000 entries a page.
 */
#define HL_CONSOLE_SESSIONS	256
#define HL_CONSOLE_PER_USER	8
#define HL_CONSOLE_IDLE_S	(30 * 60)
#define HL_CONSOLE_SESSION_S	(12 * 3600)
#define HL_CONSOLE_MAX_BODY	HL_MAX_BODY_FILE_BYTES
#define HL_USER_TOKEN_LEN	47
#define HL_TRAIL_MAX_PAGE	1000
#define HL_ACTOR_LEN		(HL_TAXII_USER_LEN + 8)

/*
 * GET /api/v1/messages's limit: the newest 200 unless asked, at most
 * 1000 (a script that wants every message pages by since). A row is at
 * most about 2 KiB of JSON (a 256-byte subject all escapes), so a page
 * and any other answer of the console fits in 4 MiB.
 */
#define HL_CONSOLE_DEFAULT_ROWS	200
#define HL_CONSOLE_MAX_ROWS	1000	/* console.c's refusal says 1000 */
#define HL_CONSOLE_MAX_ANSWER	(4 * 1024 * 1024)

/*
 * What http1.c keeps of the console's fields: the hl_session cookie and
 * the X-CSRF-Token are each 43 base64url characters (32 random bytes);
 * 64 leaves room and refuses nothing real (a longer one is 431). Origin
 * is a scheme, a host and a port.
 */
#define HL_HTTP_MAX_SECRET	64
#define HL_HTTP_MAX_ORIGIN	HL_MAX_SHORT_LEN

/*
 * Notifications (notify_exec, notify_webhook): an event's JSON is at most
 * 8 KiB (names and times, no indicators); a webhook is tried 5 times, 1,
 * 2, 4 and 8 s apart, then given up with a log line; what a notifier
 * writes back is read up to 4 KiB for the log and dropped.
 */
#define HL_EVENT_MAX_BYTES	8192
#define HL_WEBHOOK_TRIES	5
#define HL_NOTIFY_MAX_OUTPUT	4096

/*
 * After a refusal that leaves a body unread, the server half-closes and
 * reads (and drops) what the client still sends for up to 2 s, so that
 * the client reads the answer instead of a reset (RFC 9112 9.6).
 */
#define HL_HTTP_LINGER_MS	2000

/*
 * The attention queue (attention.h) holds at most 1000 items, the most
 * urgent kept, and says how many more there are: a duty officer reads a
 * screen, not a dump, and a peer that floods the inbox with requests
 * cannot make every front end build a list without end.
 */
#define HL_ATTENTION_MAX	1000

/*
 * Delivery: each request this node makes to a peer (a batch of messages,
 * a cosigning request) in milliseconds. The connect deadline covers TCP
 * and the TLS handshake: on loopback or across a continent they take
 * tens of milliseconds, so 5 s is only a peer that is not there. The
 * total deadline covers the whole transfer, connect included: a full
 * batch (4 MiB up, 100 KiB of receipts back) at 2 Mbit/s, with the
 * peer's fsync. A peer that accepts and never answers, or trickles its
 * answer, holds only its own worker, and only this long; no other peer's
 * delivery waits on it (serve.c). Raising them makes a stuck peer's
 * messages retry later, never anyone else's.
 */
#define HL_DELIVERY_CONNECT_MS	(5 * 1000)
#define HL_DELIVERY_TOTAL_MS	(20 * 1000)

/*
 * A report bundle (bundle.h) holds every leaf of a log, at most 8 KiB
 * each; 1 GiB is about three million leaves at their usual 300 bytes,
 * decades of traffic for one pair of states. The cards are the node's
 * and its peers'.
 */
#define HL_MAX_BUNDLE_BYTES	(1024LL * 1024 * 1024)
#define HL_MAX_BUNDLE_CARDS	1024

/*
 * One line of an attack log read by `hotline origins`. Real lines are
 * under 4 KiB (an EVE alert with its payload printable is the longest);
 * anything longer is skipped and counted, never an abort.
 */
#define HL_MAX_LOG_LINE		(64 * 1024)

/*
 * Distinct addresses one run of `hotline origins` tallies. Attack logs
 * are written by attackers, and a /64 alone holds 2^64 addresses: without
 * a cap, one log could make the table take all memory. At 3,000,000 the
 * table stays at 2^22 slots of 48 bytes (192 MiB; 384 MiB while two
 * threads count a file's halves apart); the largest real logs we know
 * (a week of a national sensor network) hold under a million. Past the
 * cap, addresses already counted keep counting and the events of new
 * ones are counted as "over the cap", said with the file and line where
 * the cap was reached. Tests may lower it (origins_tally_init), never
 * raise it.
 */
#define HL_MAX_ORIGINS_ADDRS	3000000

/*
 * Indicators one run of `hotline match` looks for: a request carries at
 * most HL_MAX_INDICATORS, but an analyst may match a whole feed. A
 * million cost about 100 MiB to hold, and each one found about 1 KiB
 * more (its count and ten places, while a file is read); the cap keeps
 * a hostile list from taking all memory (each value is at most
 * HL_MAX_INDICATOR_LEN).
 */
#define HL_MAX_MATCH_INDICATORS	4000000

/*
 * A source `hotline import` reads whole (a STIX bundle, a MISP event, an
 * IODEF document, a list): it becomes one request of at most
 * HL_MAX_INDICATORS, and jansson's or libxml2's tree of it is some ten
 * times the text, so 64 MiB bounds the memory near a gigabyte while
 * holding MISP's largest public events (a few MiB) many times over.
 */
#define HL_MAX_IMPORT_FILE	(64 * 1024 * 1024)

/*
 * Nesting of an imported JSON or XML document: a STIX bundle is about 8
 * deep, a MISP event with Objects and Tags about 10, an IODEF document
 * about 12. Deeper is refused before any tree is built past it.
 */
#define HL_MAX_IMPORT_DEPTH	64

/*
 * The nodes (elements, attributes, text pieces) libxml2 may build a tree
 * of for one IODEF document, counted as the parser goes: a few hundred
 * bytes each, so two million are some 400 MiB, and a request of
 * HL_MAX_INDICATORS exported as IODEF is about 150,000. Without it 64 MiB
 * of "<a/>" would be 16 million elements, several gigabytes.
 */
#define HL_MAX_IMPORT_NODES	2000000

/*
 * Constructs an import reports one by one (an unsupported pattern, an
 * attribute type with no hotline type); past this they are still
 * counted, by kind, but not each listed.
 */
#define HL_MAX_IMPORT_REPORTS	1000

/* A STIX pattern as read: longer is reported, not parsed. */
#define HL_MAX_STIX_PATTERN	(64 * 1024)

/*
 * Brackets and parentheses nested in one STIX pattern: the patterns
 * feeds write nest two or three deep; the parser recurses once per
 * level, so this bounds its stack, and 10,000 '(' are refused at 32.
 */
#define HL_MAX_STIX_DEPTH	32

/* An indicator file as read whole: a request envelope, or a list. */
#define HL_MAX_INDICATOR_FILE	(512LL * 1024 * 1024)

/*
 * A findings file as `hotline reply --findings` reads it whole: match's
 * --json output, whose not_found may list most of a large feed (a million
 * addresses are 44 MB of it). What reply sends must still fit in one
 * message (HL_MAX_MSG_BYTES); the rest is parsed to be dropped, and
 * jansson's tree of it is some 14 times the text (those 44 MB took 600
 * MB and 5 s), so the cap keeps that under a gigabyte.
 */
#define HL_MAX_FINDINGS_FILE	(64 * 1024 * 1024)

/* The config file: `key = value` lines. */
#define HL_MAX_CONFIG_BYTES	(64 * 1024)
#define HL_MAX_CONFIG_LINE	1024
/* A file named in the config (console_cert, notify_exec): absolute. */
#define HL_MAX_CONFIG_PATH	1024

/*
 * The most `clock_skew` (hotline.conf(5)) may allow: how far in the future
 * a peer's envelope or receipt may be dated. Clocks kept by NTP agree to
 * well under a second; a day covers a node whose clock is set by hand in
 * another time zone by mistake. More would let a peer date its receipts
 * far ahead and so stretch every deadline it owes (PROTOCOL.md, "Clock").
 */
#define HL_MAX_CLOCK_SKEW	86400

/*
 * The TAXII 2.1 endpoints (src/serve/taxii.c). A page of objects holds
 * `limit` of them: 100 unless asked (some hundred KiB of indicators),
 * at most 1000, past which a
 * client gains nothing but one long answer the node must build whole in
 * memory. Whatever the limit, a page ends before the object that would
 * take it past 1 MiB of JSON (the first one always goes), so a page is
 * bounded by bytes too: the largest object a message makes, a report
 * naming HL_MAX_INDICATORS indicators, is about 500 KiB, which is why
 * an answer may take 2 MiB. A match[...] parameter lists at most 64
 * values (a client filters by a few types or ids, not a feed), and an
 * object id, "type--" and a UUID, at most 290 bytes (STIX's 250-byte
 * type).
 */
#define HL_TAXII_DEFAULT_LIMIT	100
#define HL_TAXII_MAX_LIMIT	1000
#define HL_TAXII_MAX_PAGE_BYTES	(1024 * 1024)
#define HL_TAXII_MAX_ANSWER	(2 * 1024 * 1024)
#define HL_TAXII_MAX_MATCH	64
#define HL_TAXII_MAX_ID		290

/* A private key file holds one line of under 200 bytes. */
#define HL_MAX_KEYFILE_BYTES	1024

/* A request body file given to `hotline send --body`. */
#define HL_MAX_BODY_FILE_BYTES	HL_MAX_MSG_BYTES

#endif
