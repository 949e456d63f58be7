#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/export.h"
#include "raqib/extract.h"
#include "raqib/monotime.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "endpoint.h"
#include "filter.h"
#include "query-pool.h"
#include "raqib.h"
#include "render.h"
#include "stories.h"

#define QUERY_TIMEOUT_MS	10000	/* silence from the daemon: give up */
#define QUERY_ANSWER_MS		5000	/* nothing connected yet: give up */
#define QUERY_PROGRESS_S	0.2	/* terminal progress line interval */

enum query_format { QF_TEXT, QF_JSON, QF_CSV, QF_GEOJSON };

static volatile sig_atomic_t query_stop;

/* One reply of the daemon, frames kept as received until it is whole. */
struct query_batch {
	zmq_msg_t	*ev;		/* the json frames of its events */
	size_t		 n, cap;
};

struct query {
	struct extract	*ex;
	struct filter	*filter;
	enum query_format format;
	struct render_opts render;
	const struct endpoints *e;
	void		*ctx, *rep, *mon;
	unsigned	 monitor;	/* ENDPOINT_SEEN_* on the replay socket */
	int		 said;		/* why it failed is said */
	char		**prefixes;
	size_t		 nprefixes;
	long long	 after, count, written, seen, nocoord;
	const char	*since;		/* a UTC time for the first request */
	unsigned	 req_n;
	char		 req_id[32];
	struct query_pool *pool;
	int		 progress;	/* a terminal waits on a file */
	int		 has_keyword;
	int		 filtered;	/* a filter flag was given */
	double		 started, shown;
	struct stories	*stories;	/* --stories: gathered, printed at the end */
};

static void
query_signal(int sig)
{
	(void)sig;
	query_stop = 1;
}

static void
query_usage(FILE *f)
{
	fprintf(f, "usage: raqib query [filters] [--since SEQ|TIME] "
	    "[--format F] [--count N]\n\n"
	    "Prints the stored events that pass the filters, oldest first, as "
	    "fast as\nthey can be written, then exits. If nothing answers at the "
	    "replay socket\nwithin 5 s, or raqibd stops answering for 10 s, "
	    "says why and exits 1.\nWriting to a file or pipe, it shows "
	    "progress on standard error when\nthat is a terminal.\n\n");
	filter_usage(f);
	fprintf(f, "  --since X        a seq: events after it (default 0); or a "
	    "time,\n"
	    "                   events stored since: 90s, 30m, 1h, 2d, 1w,\n"
	    "                   2024-07-27 or 2024-07-27T10:00:00Z (UTC)\n"
	    "  --count N        at most N events\n"
	    "output:\n"
	    "  --format F       text (default), json (one raqib.event/1 per line),\n"
	    "                   csv (ACLED's export columns, then raqib's; RFC "
	    "4180,\n                   UTF-8) or geojson (an RFC 7946 "
	    "FeatureCollection;\n                   events without coordinates "
	    "are left out and counted)\n"
	    "  --json           the same as --format json\n"
	    "  --oneline        text: one line per alert (summary, date, topic)\n"
	    "  --isolates       text: Unicode isolates around Arabic runs even\n"
	    "                   when standard output is not a terminal\n"
	    "  --stories        the events' stories instead, each with its\n"
	    "                   reports (seq, outlet, time, what each changed)\n"
	    "                   and its figures over time: text, or one JSON\n"
	    "                   object per story with --json\n"
	    "connection (defaults from -c CONFIG, which may follow the command,\n"
	    "else the installed raqibd.conf, else raqibd's defaults):\n"
	    "  --replay EP      the replay socket (tcp://127.0.0.1:7451)\n"
	    "  --connect EP     accepted as sub takes it; query needs only --replay\n"
	    "  --server-key F   the daemon's CURVE public key (.pub)\n"
	    "  --key F          this client's CURVE key (NAME.key; NAME.pub beside)\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

static int
query_request(struct query *q)
{
	json_t	*req, *pre = json_array();
	char	*body;
	size_t	 i;
	int	 rc;

	for (i = 0; i < q->nprefixes; i++)
		json_array_append_new(pre, json_string(q->prefixes[i]));
	snprintf(q->req_id, sizeof q->req_id, "q%u", ++q->req_n);
	req = json_pack("{s:s,s:I,s:o,s:i}", "id", q->req_id, "after",
	    (json_int_t)q->after, "prefixes", pre, "limit",
	    RAQIB_REPLAY_MAX_LIMIT);
	if (q->since != NULL)
		json_object_set_new(req, "since", json_string(q->since));
	q->since = NULL;
	body = json_dumps(req, JSON_COMPACT);
	rc = zmq_send(q->rep, RAQIB_REPLAY_REQUEST, strlen(RAQIB_REPLAY_REQUEST),
	    ZMQ_SNDMORE) == -1 || zmq_send(q->rep, body, strlen(body), 0) == -1 ?
	    -1 : 0;
	free(body);
	json_decref(req);
	return rc;
}

static void
query_batch_clear(struct query_batch *b)
{
	size_t	i;

	for (i = 0; i < b->n; i++)
		zmq_msg_close(&b->ev[i]);
	b->n = 0;
}

/* Whether the daemon refused the handshake (said); the monitor's other
 * news (connected, handshake done) goes into q->monitor. */
static int
query_refused(struct query *q)
{
	if (endpoint_refused(q->mon, q->e, q->e->replay, &q->monitor))
		q->said = 1;
	return q->said;
}

/* How long the daemon may stay silent: not long while nothing has even
 * connected, longer once it has (a store busy with a backlog). */
static int
query_limit_ms(struct query *q)
{
	return q->monitor & ENDPOINT_SEEN_CONNECTED ? QUERY_TIMEOUT_MS :
	    QUERY_ANSWER_MS;
}

/* Receives one multipart message: its frames (at most 3) in f; the number
 * of frames, or -1 on error, refusal or silence (said). */
static int
query_recv(struct query *q, zmq_msg_t *f)
{
	zmq_pollitem_t	 it[2] = { { q->rep, 0, ZMQ_POLLIN, 0 },
			    { q->mon, 0, ZMQ_POLLIN, 0 } };
	double		 start = monotime_now(), left;
	int		 n = 0, more = 1;
	zmq_msg_t	 drop;

	/*
	 * The first frame without waiting, polling only when nothing is
	 * queued: a reply is a thousand messages (asking ZMQ_EVENTS first
	 * cost a system call each).
	 */
	zmq_msg_init(&f[0]);
	while (zmq_msg_recv(&f[0], q->rep, ZMQ_DONTWAIT) == -1) {
		if ((zmq_errno() != EAGAIN && zmq_errno() != EINTR) ||
		    query_refused(q))
			goto fail;
		left = query_limit_ms(q) / 1000.0 - (monotime_now() - start);
		if (left <= 0) {
			endpoint_silent(q->e, q->e->replay, q->monitor,
			    query_limit_ms(q) / 1000.0, "");
			q->said = 1;
			goto fail;
		}
		if (zmq_poll(it, 2, (long)(left * 1000) + 1) == -1 &&
		    zmq_errno() != EINTR)
			goto fail;
		if (query_stop)
			goto fail;
	}
	n = 1;
	more = zmq_msg_more(&f[0]);
	while (more) {
		zmq_msg_t *m = n < 3 ? &f[n] : &drop;

		zmq_msg_init(m);
		if (zmq_msg_recv(m, q->rep, 0) == -1) {
			zmq_msg_close(m);
			while (n-- > 0)
				zmq_msg_close(&f[n]);
			return -1;
		}
		more = zmq_msg_more(m);
		if (m == &drop)
			zmq_msg_close(m);
		else
			n++;
	}
	return n;
fail:
	zmq_msg_close(&f[0]);
	return -1;
}

static int
query_is(zmq_msg_t *m, const char *s)
{
	return zmq_msg_size(m) == strlen(s) && memcmp(zmq_msg_data(m), s,
	    strlen(s)) == 0;
}

/*
 * Takes in one reply: its event frames into b, and, from its end marker,
 * whether more is to come (1), the end (0), or trouble (-1, said).
 */
static int
query_reply(struct query *q, struct query_batch *b)
{
	zmq_msg_t	 f[3];
	json_t		*o;
	const char	*id;
	int		 i, n, rc = 2;	/* 2: go on reading */

	while (rc == 2) {
		if ((n = query_recv(q, f)) == -1)
			return -1;
		if (n == 3 && query_is(&f[0], RAQIB_FRAME_EVENT)) {
			if (b->n == b->cap) {
				b->cap = b->cap ? b->cap * 2 : 1024;
				b->ev = xreallocarray(b->ev, b->cap,
				    sizeof *b->ev);
			}
			zmq_msg_init(&b->ev[b->n]);
			zmq_msg_move(&b->ev[b->n++], &f[2]);
		} else if (n == 2 && query_is(&f[0], RAQIB_FRAME_ERROR)) {
			fprintf(stderr, "raqib: the daemon refused the query: "
			    "%.*s\n", (int)zmq_msg_size(&f[1]),
			    (char *)zmq_msg_data(&f[1]));
			q->said = 1;
			rc = -1;
		} else if (n == 2 && query_is(&f[0], RAQIB_FRAME_END) &&
		    (o = json_loadb(zmq_msg_data(&f[1]), zmq_msg_size(&f[1]),
		    0, NULL)) != NULL) {
			/* an end marker of an older request is not ours */
			id = json_string_value(json_object_get(o, "id"));
			if (id != NULL && strcmp(id, q->req_id) == 0) {
				q->after = json_integer_value(json_object_get(o,
				    "last_seq"));
				rc = json_is_true(json_object_get(o, "more"));
			}
			json_decref(o);
		}
		for (i = 0; i < n; i++)
			zmq_msg_close(&f[i]);
	}
	return rc;
}

static void
query_progress(struct query *q, int last)
{
	long long	 bad;
	double		 now = monotime_now();

	if (q->pool != NULL)
		query_pool_counts(q->pool, &q->seen, &q->nocoord, &bad);
	if (!q->progress || (!last && now - q->shown < QUERY_PROGRESS_S))
		return;
	q->shown = now;
	fprintf(stderr, "\r\033[Kraqib: %lld events written, %lld read "
	    "(%.0f/s)%s", q->written, q->seen, now > q->started ? (double)q->seen /
	    (now - q->started) : 0.0, last ? "\n" : "");
}

static int
query_match(void *arg, json_t *ev)
{
	struct query	*q = arg;

	return filter_match(q->filter, ev);
}

/* One event in the chosen format; 0 when it has no place in it. */
static int
query_format_event(void *arg, json_t *ev, const char *raw, size_t len,
    FILE *f)
{
	struct query	*q = arg;
	char		*row;

	switch (q->stories != NULL ? QF_JSON : q->format) {
	case QF_TEXT:
		render_print(q->ex, ev, f, &q->render);
		break;
	case QF_JSON:	/* as the daemon stored it */
		fwrite(raw, 1, len, f);
		fputc('\n', f);
		break;
	case QF_CSV:
		row = export_csv_row(ev);
		fputs(row, f);
		free(row);
		break;
	case QF_GEOJSON:
		if ((row = export_feature(ev, raw, len)) == NULL)
			return 0;
		fputs(row, f);
		free(row);
		break;
	}
	return 1;
}

/* In order, on the main thread: --count and the GeoJSON commas. */
static int
query_emit(void *arg, const char *s, size_t n)
{
	struct query	*q = arg;
	json_t		*ev;

	if (q->stories != NULL) {
		if ((ev = json_loadb(s, n, 0, NULL)) != NULL)
			stories_add(q->stories, ev);
		json_decref(ev);
		q->written++;
		return q->count == 0 || q->written < q->count;
	}
	if (q->format == QF_GEOJSON)
		fputs(q->written > 0 ? ",\n" : "\n", stdout);
	fwrite(s, 1, n, stdout);
	q->written++;
	/* a closed pipe: stop reading */
	return (q->count == 0 || q->written < q->count) && !ferror(stdout);
}

static void
query_open(struct query *q)
{
	if (q->stories != NULL)
		return;
	switch (q->format) {
	case QF_CSV:
		fputs(export_csv_header(), stdout);
		break;
	case QF_GEOJSON:
		printf("{\"type\":\"FeatureCollection\",\"features\":[");
		break;
	default:
		break;
	}
}

static void
query_close(struct query *q)
{
	if (q->stories != NULL) {
		stories_print(q->stories, q->ex, stdout, q->format == QF_JSON);
		return;
	}
	if (q->format == QF_GEOJSON) {
		printf("\n]}\n");
		if (q->nocoord > 0)
			fprintf(stderr, "raqib: %lld event(s) without coordinates "
			    "left out of the GeoJSON\n", q->nocoord);
	}
}

static int
query_threads(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/*
 * Asks for the next reply as soon as one is whole; worker threads decode
 * and format the replies in hand meanwhile, written out in order.
 */
static int
query_loop(struct query *q)
{
	struct query_batch b = { NULL, 0, 0 };
	int		 more, go = 1;

	if (query_request(q) == -1) {
		/* a DEALER holds its first message until a handshake succeeds */
		if (!query_refused(q))
			endpoint_silent(q->e, q->e->replay, q->monitor,
			    QUERY_ANSWER_MS / 1000.0, "");
		return -1;
	}
	query_open(q);
	do {
		if ((more = query_reply(q, &b)) == -1) {
			if (!q->said && !query_stop)
				fprintf(stderr, "raqib: %s: %s\n", q->e->replay,
				    zmq_strerror(zmq_errno()));
			query_batch_clear(&b);
			free(b.ev);
			return -1;
		}
		if (more && query_request(q) == -1) {
			fprintf(stderr, "raqib: %s: %s\n", q->e->replay,
			    zmq_strerror(zmq_errno()));
			query_batch_clear(&b);
			free(b.ev);
			return -1;
		}
		query_pool_push(q->pool, b.ev, b.n);
		memset(&b, 0, sizeof b);
		go = query_pool_drain(q->pool, 0);
		query_progress(q, 0);
	} while (more && go && !query_stop);
	query_pool_drain(q->pool, 1);
	query_progress(q, 0);
	query_close(q);
	return 0;
}

static int
query_run(struct query *q)
{
	struct query_pool_ops ops = { query_match, query_format_event,
			    query_emit, q, 0, 0 };
	int		 zero = 0, wait = QUERY_ANSWER_MS, rc = EXIT_RUNTIME;

	/* the keyword matcher and the text renderer keep state of their own */
	ops.serial = q->format == QF_TEXT || q->has_keyword;
	/* everything as JSON: the daemon's text is the answer */
	ops.raw = (q->format == QF_JSON || q->stories != NULL) && !q->filtered;
	q->ctx = zmq_ctx_new();
	if ((q->rep = zmq_socket(q->ctx, ZMQ_DEALER)) == NULL ||
	    zmq_setsockopt(q->rep, ZMQ_RCVHWM, &zero, sizeof zero) == -1 ||
	    zmq_setsockopt(q->rep, ZMQ_SNDTIMEO, &wait, sizeof wait) == -1 ||
	    endpoint_curve(q->rep, q->e) == -1 ||
	    (q->mon = endpoint_monitor(q->ctx, q->rep, "query")) == NULL ||
	    zmq_connect(q->rep, q->e->replay) == -1) {
		fprintf(stderr, "raqib: %s: %s\n", q->e->replay,
		    zmq_strerror(zmq_errno()));
		goto out;
	}
	q->started = monotime_now();
	q->pool = query_pool_new(query_threads(), &ops);
	if (query_loop(q) == -1)
		goto out;
	query_progress(q, 1);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)	/* | head: the reader had enough */
			fprintf(stderr, "raqib: standard output: %s\n",
			    strerror(errno));
		goto out;
	}
	rc = query_stop ? EXIT_RUNTIME : EXIT_OK;
out:
	query_pool_free(q->pool);
	endpoint_close(q->rep, q->mon);
	zmq_ctx_term(q->ctx);
	return rc;
}

static int
query_format(const char *s, enum query_format *f)
{
	static const char *const names[] = { "text", "json", "csv", "geojson" };
	size_t	i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum query_format)i;
			return 0;
		}
	fprintf(stderr, "raqib query: --format: \"%s\" is not text, json, csv "
	    "or geojson\n", s);
	return -1;
}

/* --since: a seq, or a time (kept in buf for the request). */
static int
query_since(struct query *q, const char *s, char *buf, size_t len)
{
	char	*end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s != '\0' && *end == '\0' && errno == 0 && v >= 0) {
		q->after = v;
		return 0;
	}
	if (export_time(s, buf, len) == -1) {
		fprintf(stderr, "raqib query: --since: \"%s\" is neither a seq "
		    "nor a time (90s, 30m, 1h, 2d, 1w, 2024-07-27, "
		    "2024-07-27T10:00:00Z)\n", s);
		return -1;
	}
	q->since = buf;
	return 0;
}

static int
query_number(const char *s, const char *what, long long *v)
{
	char	*end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || *v < 0) {
		fprintf(stderr, "raqib query: %s: \"%s\" is not a number >= 0\n",
		    what, s);
		return -1;
	}
	return 0;
}

/* Filter flags; -1 (said) when one is bad. */
static int
query_filter(struct query *q, int ch, const char *arg)
{
	char		*cause = NULL;
	long long	 v;
	int		 rc = 0;

	q->filtered = 1;
	switch (ch) {
	case 'r':
		rc = filter_region(q->filter, arg, &cause);
		break;
	case 'w':
		rc = filter_keyword(q->filter, arg, &cause);
		q->has_keyword = 1;
		break;
	case 'a':
		rc = filter_actor(q->filter, arg, &cause);
		break;
	case 't':
		rc = filter_type(q->filter, arg, &cause);
		break;
	case 'k':
		if ((rc = query_number(arg, "--min-killed", &v)) == 0)
			filter_min_killed(q->filter, (long)v);
		break;
	}
	if (cause != NULL) {
		fprintf(stderr, "raqib query: %s\n", cause);
		free(cause);
	}
	return rc;
}

static const struct option query_longopts[] = {
	{ "region", required_argument, NULL, 'r' },
	{ "keyword", required_argument, NULL, 'w' },
	{ "actor", required_argument, NULL, 'a' },
	{ "type", required_argument, NULL, 't' },
	{ "min-killed", required_argument, NULL, 'k' },
	{ "explain", no_argument, NULL, 'e' },
	{ "since", required_argument, NULL, 's' },
	{ "count", required_argument, NULL, 'n' },
	{ "format", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "oneline", no_argument, NULL, 'o' },
	{ "isolates", no_argument, NULL, 'i' },
	{ "stories", no_argument, NULL, 'T' },
	{ "connect", required_argument, NULL, 'C' },
	{ "replay", required_argument, NULL, 'R' },
	{ "server-key", required_argument, NULL, 'S' },
	{ "key", required_argument, NULL, 'K' },
	{ "config", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	/* sub's alone: named as such rather than unknown */
	{ "resume", required_argument, NULL, 'x' },
	{ "on-new-store", required_argument, NULL, 'x' },
	{ "wait", no_argument, NULL, 'x' },
	{ "quiet", no_argument, NULL, 'x' },
	{ "exec", required_argument, NULL, 'x' },
	{ "webhook", required_argument, NULL, 'x' },
	{ "alertmanager", required_argument, NULL, 'x' },
	{ "rate-limit", required_argument, NULL, 'x' },
	{ NULL, 0, NULL, 0 }
};

/* What the flags say beside the query itself. */
struct query_args {
	const char	*replay, *skey, *key;
	int		 explain, oneline, isolates;
	char		 since[64];
};

/* The flags into q and a; 0, 1 for --help, or -1 (said) when one is bad. */
static int
query_parse(struct query *q, struct query_args *a, int argc, char **argv,
    struct client_opts *o)
{
	int	 ch, li, bad = 0;

	while ((ch = getopt_long(argc, argv, "c:h", query_longopts,
	    &li)) != -1) {
		switch (ch) {
		case 's':
			bad |= query_since(q, optarg, a->since, sizeof a->since);
			break;
		case 'n':
			bad |= query_number(optarg, "--count", &q->count);
			break;
		case 'f':
			bad |= query_format(optarg, &q->format);
			break;
		case 'j':
			q->format = QF_JSON;
			break;
		case 'e':
			a->explain = 1;
			break;
		case 'o':
			a->oneline = 1;
			break;
		case 'i':
			a->isolates = 1;
			break;
		case 'T':
			if (q->stories == NULL)
				q->stories = stories_new();
			break;
		case 'C':	/* accepted for sub's sake: query needs no feed */
			break;
		case 'R':
			a->replay = optarg;
			break;
		case 'S':
			a->skey = optarg;
			break;
		case 'K':
			a->key = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			query_usage(stdout);
			return 1;
		case 'x':
			fprintf(stderr, "raqib query: --%s is for raqib sub\n",
			    query_longopts[li].name);
			bad = 1;
			break;
		case '?':
			bad = 1;
			break;
		default:
			bad |= query_filter(q, ch, optarg);
			break;
		}
	}
	if (!bad && optind != argc) {
		fprintf(stderr, "raqib query: unexpected argument \"%s\"\n",
		    argv[optind]);
		bad = 1;
	}
	return bad ? -1 : 0;
}

static void
query_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = query_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int
cmd_query(int argc, char **argv, struct client_opts *o)
{
	struct query		 q;
	struct query_args	 a;
	struct endpoints	 e;
	char			*cause = NULL;
	int			 rc = EXIT_USAGE;

	memset(&q, 0, sizeof q);
	memset(&a, 0, sizeof a);
	if ((q.ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	q.filter = filter_new(q.ex);
	switch (query_parse(&q, &a, argc, argv, o)) {
	case -1:
		rc = client_usage_error("query", NULL);
		goto out;
	case 1:
		rc = EXIT_OK;
		goto out;
	}
	if (a.explain || isatty(STDERR_FILENO))
		filter_explain(q.filter, stderr);
	if (endpoint_load(o, &e, NULL, a.replay, a.skey, a.key, &cause) == -1) {
		fprintf(stderr, "raqib: %s\n", cause);
		free(cause);
		rc = EXIT_RUNTIME;
		goto out;
	}
	q.e = &e;
	render_opts_stdout(&q.render, a.isolates, a.oneline);
	q.prefixes = filter_prefixes(q.filter, &q.nprefixes);
	/* progress for a person waiting on a file or pipe being written */
	q.progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
	query_signals();
	/* whole rows at a time: a terminal need not see each line at once */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	rc = query_run(&q);
	endpoint_clear(&e);
out:
	stories_free(q.stories);
	filter_free(q.filter);
	extract_free(q.ex);
	return rc;
}
