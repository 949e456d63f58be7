#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/extract.h"
#include "raqib/protocol.h"
#include "config.h"
#include "filter.h"
#include "raqib.h"
#include "resume.h"
#include "sink.h"
#include "sub.h"
#include "xmalloc.h"

#define SUB_REPLAY_TIMEOUT	5.0	/* seconds before a request is resent */
#define SUB_QUERY_TIMEOUT	10.0	/* query: seconds of silence to give up */
#define SUB_MAX_HELD		20000	/* events held in memory */
#define SUB_HB_SILENCE		20.0	/* seconds without a heartbeat to warn */

static volatile sig_atomic_t sub_stop;

struct held {
	long long	 seq;
	json_t		*ev;
};

struct sub {
	void		*ctx, *live, *rep;
	void		*mlive, *mrep;	/* handshake monitors */
	struct filter	*filter;
	struct extract	*ex;
	struct sink	**sinks;
	size_t		 nsinks;
	char		**prefixes;
	size_t		 nprefixes;
	const char	*resume;
	long long	 saved;		/* the seq in the resume file */
	int		 known;		/* cursor is meaningful */
	long long	 cursor;	/* every event <= cursor handled */
	long long	 covered;	/* replay confirmed nothing missing <= */
	long long	 want;		/* replay wanted up to here (0: head) */
	int		 want_replay;
	int		 inflight;	/* a replay request is out */
	char		 req_id[32];
	double		 req_at;
	double		 last_reply;	/* when the replay socket last spoke */
	unsigned	 req_n;
	struct held	*held;		/* received, not yet handled; by seq */
	size_t		 nheld, capheld;
	json_t		**outbox;	/* matched, not yet through every sink */
	size_t		 nout, capout;
	long long	 count, delivered;
	int		 once;		/* query: stop when the replay is done */
	double		 last_hb;
	int		 warned_hb;
};

static double
sub_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sub_signal(int sig)
{
	(void)sig;
	sub_stop = 1;
}

static void
sub_usage(FILE *f, int query)
{
	if (query)
		fprintf(f, "usage: raqib query [filters] [--since SEQ] [--json]\n\n"
		    "Prints stored events after SEQ (default 0) that pass the "
		    "filters,\nthen exits; exits 1 if raqibd does not answer "
		    "within 10 s.\n\n");
	else
		fprintf(f, "usage: raqib sub [filters] [output] [--resume FILE] "
		    "[--since SEQ]\n\n"
		    "Subscribes to raqibd's alerts and prints them or sends them on.\n"
		    "Events missed while away are replayed from the daemon's store.\n\n");
	fprintf(f, "filters (repeat a flag to widen, combine flags to narrow):\n"
	    "  --region R       ml/kidal (a slug path), ml (a country code), or a\n"
	    "                   place name in Arabic or English; a town means\n"
	    "                   events placed in that town\n"
	    "  --keyword K      Arabic, matched in the sentence after the engine's\n"
	    "                   normalisation and clitic stripping (فاغنر matches\n"
	    "                   وفاغنر); Latin, matched in actor and place names\n"
	    "  --actor A        an actor id (jnim), name, abbreviation or Arabic form\n"
	    "  --type T         an event type (ambush, armed_clash, protest, ...)\n"
	    "  --min-killed N   at least N killed (vague figures count low: tens\n"
	    "                   as 10)\n"
	    "  --stories S      new: first reports of stories only; updates:\n"
	    "                   first reports and reports that change a story\n"
	    "                   (a revised toll, a new claimant, a more precise\n"
	    "                   place or type; the default without --json); all:\n"
	    "                   every report, copies too (the default with --json)\n"
	    "output:\n"
	    "  --json           one raqib.event/1 object per line\n");
	if (!query)
		fprintf(f,
		    "  --exec CMD       run CMD (with sh -c) per event: the event JSON\n"
		    "                   on stdin, RAQIB_TOPIC, RAQIB_TYPE, RAQIB_COUNTRY,\n"
		    "                   RAQIB_ADMIN1, RAQIB_SEQ in its environment\n"
		    "  --webhook URL    POST alerts to URL, shaped by --format\n"
		    "  --format F       slack, mattermost, discord or generic (default)\n"
		    "  --rate-limit S   at most one webhook message per S seconds;\n"
		    "                   events in between go in one message (default 2)\n"
		    "  --alertmanager URL  send alerts to Prometheus Alertmanager (API v2)\n"
		    "  --quiet          no terminal output when sending elsewhere\n"
		    "position:\n"
		    "  --resume FILE    keep the last seq handled in FILE (written\n"
		    "                   atomically) and replay what was missed; each\n"
		    "                   event is delivered once; a new file starts live\n"
		    "  --since SEQ      start by replaying stored events after SEQ\n"
		    "  --count N        exit after N events\n");
	else
		fprintf(f, "  --since SEQ      (default 0)\n  --count N        at most N "
		    "events\n");
	fprintf(f,
	    "connection (defaults from -c CONFIG, else raqibd's defaults):\n"
	    "  --connect EP     the live feed (tcp://127.0.0.1:7450)\n"
	    "  --replay EP      the replay socket (tcp://127.0.0.1:7451)\n"
	    "  --server-key F   the daemon's CURVE public key (.pub)\n"
	    "  --key F          this client's CURVE key (NAME.key; NAME.pub beside)\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

static char *
sub_read_z85(const char *path, char **cause)
{
	FILE	*f;
	char	 line[128];
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n != 40) {
		xasprintf(cause, "%s: not a Z85 CURVE key (one line of 40 "
		    "characters)", path);
		return NULL;
	}
	return xstrdup(line);
}

/* Endpoints and keys: flags first, then the config (-c), then defaults. */
int
sub_endpoints(struct client_opts *o, struct sub_endpoints *e,
    const char *connect, const char *replay, const char *server_key,
    const char *key, char **cause)
{
	struct config	*c = NULL;
	char		 pub[41];

	memset(e, 0, sizeof e[0]);
	if (o->config != NULL && (c = config_load(o->config, cause)) == NULL)
		return -1;
	e->connect = xstrdup(connect ? connect : c ? c->endpoint :
	    RAQIB_DEFAULT_ENDPOINT);
	e->replay = xstrdup(replay ? replay : c ? c->replay_endpoint :
	    RAQIB_DEFAULT_REPLAY);
	if (server_key != NULL) {
		if ((e->server_key = sub_read_z85(server_key, cause)) == NULL)
			goto fail;
	} else if (c != NULL && *c->curve_secret_key != '\0') {
		/* on the daemon's machine: its public key from its secret */
		char *sec = sub_read_z85(c->curve_secret_key, cause);

		if (sec == NULL)
			goto fail;
		zmq_curve_public(pub, sec);
		free(sec);
		e->server_key = xstrdup(pub);
	}
	if (key != NULL) {
		if ((e->key_secret = sub_read_z85(key, cause)) == NULL)
			goto fail;
		if (zmq_curve_public(pub, e->key_secret) == -1) {
			xasprintf(cause, "%s: not a CURVE secret key", key);
			goto fail;
		}
		e->key_public = xstrdup(pub);
	}
	if ((e->server_key == NULL) != (e->key_secret == NULL)) {
		xasprintf(cause, "CURVE needs both --server-key and --key");
		goto fail;
	}
	config_free(c);
	return 0;
fail:
	config_free(c);
	sub_endpoints_clear(e);
	return -1;
}

void
sub_endpoints_clear(struct sub_endpoints *e)
{
	free((char *)e->connect);
	free((char *)e->replay);
	free(e->server_key);
	free(e->key_secret);
	free(e->key_public);
	memset(e, 0, sizeof *e);
}

int
sub_curve(void *s, const struct sub_endpoints *e)
{
	if (e->server_key == NULL)
		return 0;
	if (zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, e->server_key, 40) == -1 ||
	    zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, e->key_public, 40) == -1 ||
	    zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, e->key_secret, 40) == -1)
		return -1;
	return 0;
}

/*
 * A PAIR socket that hears how handshakes on socket s end: libzmq retries
 * a refused client for ever in silence, so we watch for the refusal.
 */
void *
sub_monitor(void *ctx, void *s, const char *name)
{
	char	 ep[64];
	void	*m;

	snprintf(ep, sizeof ep, "inproc://raqib-monitor-%s", name);
	if (zmq_socket_monitor(s, ep, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
	    ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) == -1 ||
	    (m = zmq_socket(ctx, ZMQ_PAIR)) == NULL)
		return NULL;
	if (zmq_connect(m, ep) == -1) {
		zmq_close(m);
		return NULL;
	}
	return m;
}

/* Whether the monitor m saw the daemon at endpoint refuse us; says why. */
int
sub_refused(void *m, const struct sub_endpoints *e, const char *endpoint)
{
	unsigned char	 ev[6];
	uint16_t	 what;
	int		 n, more;
	size_t		 ml = sizeof more;

	if (m == NULL || (n = zmq_recv(m, ev, sizeof ev, ZMQ_DONTWAIT)) == -1)
		return 0;
	do {	/* the endpoint frame */
		if (zmq_getsockopt(m, ZMQ_RCVMORE, &more, &ml) == -1 || !more)
			break;
		zmq_recv(m, NULL, 0, 0);
	} while (more);
	if (n < (int)sizeof ev)
		return 0;
	memcpy(&what, ev, sizeof what);
	if (what == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
		fprintf(stderr, "raqib: %s refused this client's key: add its "
		    ".pub file to the daemon's curve_authorized_keys and "
		    "reload it\n", endpoint);
	else if (e->server_key == NULL)
		fprintf(stderr, "raqib: %s requires CURVE: give --server-key "
		    "and --key\n", endpoint);
	else
		fprintf(stderr, "raqib: %s refused the handshake: is CURVE "
		    "on in the daemon, and is --server-key its key?\n",
		    endpoint);
	return 1;
}

/* Keeps a received event until it can be handled; duplicates are dropped. */
static void
sub_hold(struct sub *s, long long seq, json_t *ev)
{
	size_t	i, at;

	if (s->known && seq <= s->cursor) {
		json_decref(ev);
		return;
	}
	for (at = s->nheld; at > 0 && s->held[at - 1].seq > seq; at--)
		;
	if (at > 0 && s->held[at - 1].seq == seq) {
		json_decref(ev);
		return;
	}
	if (s->nheld >= SUB_MAX_HELD) {
		/* too much at once: drop it; replay brings it back */
		json_decref(ev);
		return;
	}
	if (s->nheld == s->capheld) {
		s->capheld = s->capheld ? s->capheld * 2 : 256;
		s->held = xreallocarray(s->held, s->capheld, sizeof *s->held);
	}
	for (i = s->nheld; i > at; i--)
		s->held[i] = s->held[i - 1];
	s->held[at].seq = seq;
	s->held[at].ev = ev;
	s->nheld++;
}

static void
sub_want(struct sub *s, long long upto)
{
	if (!s->want_replay || (upto != 0 && s->want != 0 && upto > s->want) ||
	    upto == 0)
		s->want = upto;
	s->want_replay = 1;
}

static void
sub_request(struct sub *s)
{
	json_t	*req, *pre;
	char	*body;
	size_t	 i;
	long long after = s->cursor > s->covered ? s->cursor : s->covered;

	pre = json_array();
	for (i = 0; i < s->nprefixes; i++)
		json_array_append_new(pre, json_string(s->prefixes[i]));
	snprintf(s->req_id, sizeof s->req_id, "r%u", ++s->req_n);
	req = json_pack("{s:s,s:I,s:o,s:i}", "id", s->req_id, "after",
	    (json_int_t)after, "prefixes", pre, "limit", RAQIB_REPLAY_MAX_LIMIT);
	if (s->want > after)
		json_object_set_new(req, "until", json_integer(s->want));
	body = json_dumps(req, JSON_COMPACT);
	zmq_send(s->rep, RAQIB_REPLAY_REQUEST, strlen(RAQIB_REPLAY_REQUEST),
	    ZMQ_SNDMORE | ZMQ_DONTWAIT);
	zmq_send(s->rep, body, strlen(body), ZMQ_DONTWAIT);
	free(body);
	json_decref(req);
	s->inflight = 1;
	s->req_at = sub_now();
}

/* Handles held events in order while nothing can be missing before them. */
static void
sub_advance(struct sub *s)
{
	json_t	*ev;
	long long seq;

	while (s->nheld > 0) {
		seq = s->held[0].seq;
		if (!s->known) {
			s->known = 1;
			s->cursor = s->covered = seq - 1;
		}
		if (seq <= s->cursor) {
			json_decref(s->held[0].ev);
		} else if (seq == s->cursor + 1 || s->covered >= seq - 1) {
			if (s->nout >= SUB_MAX_HELD)
				return;		/* sinks are behind: wait */
			ev = s->held[0].ev;
			if (filter_match(s->filter, ev)) {
				if (s->nout == s->capout) {
					s->capout = s->capout ? s->capout * 2 : 64;
					s->outbox = xreallocarray(s->outbox,
					    s->capout, sizeof *s->outbox);
				}
				s->outbox[s->nout++] = ev;
			} else
				json_decref(ev);
			s->cursor = seq;
			if (s->covered < seq)
				s->covered = seq;
		} else {
			/* a gap: ask for what lies between */
			sub_want(s, seq - 1);
			return;
		}
		memmove(s->held, s->held + 1, (s->nheld - 1) * sizeof *s->held);
		s->nheld--;
	}
}

static long long
sub_json_seq(json_t *ev)
{
	json_t	*v = json_object_get(ev, "seq");

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static int
sub_recv(void *sock, char **frames, size_t *lens, int max)
{
	zmq_msg_t msg;
	int	 n = 0, more = 1, rc;

	while (more) {
		zmq_msg_init(&msg);
		rc = zmq_msg_recv(&msg, sock, ZMQ_DONTWAIT);
		if (rc == -1) {
			zmq_msg_close(&msg);
			return n == 0 ? -1 : n;
		}
		if (n < max) {
			lens[n] = zmq_msg_size(&msg);
			frames[n] = xmalloc(lens[n] + 1);
			memcpy(frames[n], zmq_msg_data(&msg), lens[n]);
			frames[n][lens[n]] = '\0';
			n++;
		}
		more = zmq_msg_more(&msg);
		zmq_msg_close(&msg);
	}
	return n;
}

static void
sub_free_frames(char **f, int n)
{
	while (n-- > 0)
		free(f[n]);
}

static void
sub_live(struct sub *s)
{
	char		*f[2];
	size_t		 l[2];
	json_t		*o, *v;
	json_error_t	 err;
	long long	 seq, last;
	int		 n;

	while ((n = sub_recv(s->live, f, l, 2)) != -1) {
		if (n != 2 || (o = json_loadb(f[1], l[1], 0, &err)) == NULL) {
			fprintf(stderr, "raqib: ignoring a malformed message\n");
			sub_free_frames(f, n);
			continue;
		}
		if (strcmp(f[0], RAQIB_TOPIC_HEARTBEAT) == 0) {
			v = json_object_get(o, "last_seq");
			last = json_is_integer(v) ? json_integer_value(v) : 0;
			s->last_hb = sub_now();
			s->warned_hb = 0;
			if (!s->known) {
				s->known = 1;
				s->cursor = s->covered = last;
			} else if (last < s->cursor)
				fprintf(stderr, "raqib: the daemon's last seq %lld "
				    "is behind ours (%lld): was its store "
				    "replaced?\n", last, s->cursor);
			else if (last > s->covered && !s->once)
				sub_want(s, last);
			json_decref(o);
		} else if ((seq = sub_json_seq(o)) > 0)
			sub_hold(s, seq, o);
		else
			json_decref(o);
		sub_free_frames(f, n);
	}
}

static void
sub_replies(struct sub *s)
{
	char		*f[3];
	size_t		 l[3];
	json_t		*o;
	json_error_t	 err;
	long long	 seq;
	int		 n;

	while ((n = sub_recv(s->rep, f, l, 3)) != -1) {
		s->last_reply = sub_now();
		if (n == 3 && strcmp(f[0], RAQIB_FRAME_EVENT) == 0 &&
		    (o = json_loadb(f[2], l[2], 0, &err)) != NULL) {
			if ((seq = sub_json_seq(o)) > 0)
				sub_hold(s, seq, o);
			else
				json_decref(o);
		} else if (n == 2 && strcmp(f[0], RAQIB_FRAME_END) == 0 &&
		    (o = json_loadb(f[1], l[1], 0, &err)) != NULL) {
			const char *id = json_string_value(json_object_get(o,
			    "id"));

			if (id != NULL && strcmp(id, s->req_id) == 0) {
				long long last = json_integer_value(
				    json_object_get(o, "last_seq"));

				s->inflight = 0;
				if (!s->known) {
					s->known = 1;
					s->cursor = 0;
				}
				if (last > s->covered)
					s->covered = last;
				/* no more: the store has nothing past covered */
				if (json_is_true(json_object_get(o, "more")))
					sub_want(s, s->want);
				else
					s->want_replay = 0;
			}
			json_decref(o);
		} else if (n == 2 && strcmp(f[0], RAQIB_FRAME_ERROR) == 0) {
			fprintf(stderr, "raqib: replay refused: %s\n", f[1]);
			s->inflight = 0;
		}
		sub_free_frames(f, n);
	}
}

/* Gives the outbox to every sink that is due; the resume file moves to the
 * last event every sink has. */
static void
sub_flush(struct sub *s)
{
	struct sink	*k;
	double		 now = sub_now();
	long long	 low;
	size_t		 i, j, first, n;
	char		*cause;

	for (i = 0; i < s->nsinks; i++) {
		k = s->sinks[i];
		if (k->tick != NULL)
			k->tick(k, now);
		if (now < k->next_try || (k->interval_ms > 0 && now - k->last_batch <
		    (double)k->interval_ms / 1000))
			continue;
		for (first = 0; first < s->nout &&
		    sub_json_seq(s->outbox[first]) <= k->sent_upto; first++)
			;
		if (first == s->nout)
			continue;
		n = s->nout - first;
		if (n > k->batch_max)
			n = k->batch_max;
		cause = NULL;
		if (k->deliver(k, s->outbox + first, n, &cause) == -1) {
			k->backoff_ms = k->backoff_ms ? k->backoff_ms * 2 : 1000;
			if (k->backoff_ms > 60000)
				k->backoff_ms = 60000;
			k->next_try = now + (double)k->backoff_ms / 1000;
			fprintf(stderr, "raqib: %s: %s; retrying in %ld s\n", k->name,
			    cause ? cause : "delivery failed", k->backoff_ms / 1000);
			free(cause);
			continue;
		}
		k->backoff_ms = 0;
		k->last_batch = now;
		k->sent_upto = sub_json_seq(s->outbox[first + n - 1]);
	}
	/* drop what every sink has */
	for (j = 0; j < s->nout; j++) {
		long long seq = sub_json_seq(s->outbox[j]);

		for (i = 0; i < s->nsinks; i++)
			if (s->sinks[i]->sent_upto < seq)
				break;
		if (i < s->nsinks)
			break;
		s->delivered++;
	}
	for (i = 0; i < j; i++)
		json_decref(s->outbox[i]);
	if (j > 0) {
		memmove(s->outbox, s->outbox + j, (s->nout - j) *
		    sizeof *s->outbox);
		s->nout -= j;
	}
	/* the resume point: before the first event some sink still lacks */
	low = s->nout > 0 ? sub_json_seq(s->outbox[0]) - 1 : s->cursor;
	if (s->resume != NULL && s->known && low != s->saved) {
		cause = NULL;
		if (resume_save(s->resume, low, &cause) == -1) {
			fprintf(stderr, "raqib: %s\n", cause);
			free(cause);
		} else
			s->saved = low;
	}
}

static void
sub_close(struct sub *s)
{
	size_t	i;
	int	zero = 0;

	for (i = 0; i < s->nheld; i++)
		json_decref(s->held[i].ev);
	for (i = 0; i < s->nout; i++)
		json_decref(s->outbox[i]);
	free(s->held);
	free(s->outbox);
	for (i = 0; i < s->nsinks; i++)
		sink_free(s->sinks[i]);
	free(s->sinks);
	if (s->live != NULL) {
		zmq_setsockopt(s->live, ZMQ_LINGER, &zero, sizeof zero);
		zmq_close(s->live);
	}
	if (s->rep != NULL) {
		zmq_setsockopt(s->rep, ZMQ_LINGER, &zero, sizeof zero);
		zmq_close(s->rep);
	}
	if (s->mlive != NULL)
		zmq_close(s->mlive);
	if (s->mrep != NULL)
		zmq_close(s->mrep);
	if (s->ctx != NULL)
		zmq_ctx_term(s->ctx);
}

static void
sub_add_sink(struct sub *s, struct sink *k)
{
	s->sinks = xreallocarray(s->sinks, s->nsinks + 1, sizeof *s->sinks);
	s->sinks[s->nsinks++] = k;
	k->sent_upto = -1;
}

/* The main loop; returns an exit code. */
static int
sub_run(struct sub *s, const struct sub_endpoints *e)
{
	zmq_pollitem_t	 items[4];
	double		 now, wait;
	size_t		 i;
	int		 rc, n;

	s->ctx = zmq_ctx_new();
	s->live = zmq_socket(s->ctx, ZMQ_SUB);
	s->rep = zmq_socket(s->ctx, ZMQ_DEALER);
	if (s->live == NULL || s->rep == NULL || sub_curve(s->live, e) == -1 ||
	    sub_curve(s->rep, e) == -1 ||
	    (s->mlive = sub_monitor(s->ctx, s->live, "live")) == NULL ||
	    (s->mrep = sub_monitor(s->ctx, s->rep, "replay")) == NULL) {
		fprintf(stderr, "raqib: ZeroMQ: %s\n", zmq_strerror(zmq_errno()));
		return EXIT_RUNTIME;
	}
	if (!s->once) {
		/* subscribe first, so nothing falls between replay and live */
		for (i = 0; i < s->nprefixes; i++)
			zmq_setsockopt(s->live, ZMQ_SUBSCRIBE, s->prefixes[i],
			    strlen(s->prefixes[i]));
		zmq_setsockopt(s->live, ZMQ_SUBSCRIBE, RAQIB_TOPIC_HEARTBEAT,
		    strlen(RAQIB_TOPIC_HEARTBEAT));
		if (zmq_connect(s->live, e->connect) == -1) {
			fprintf(stderr, "raqib: %s: %s\n", e->connect,
			    zmq_strerror(zmq_errno()));
			return EXIT_RUNTIME;
		}
	}
	if (zmq_connect(s->rep, e->replay) == -1) {
		fprintf(stderr, "raqib: %s: %s\n", e->replay,
		    zmq_strerror(zmq_errno()));
		return EXIT_RUNTIME;
	}
	s->last_hb = sub_now();
	while (!sub_stop) {
		now = sub_now();
		/* a query that hears nothing back gives up rather than hang */
		if (s->once && s->inflight && s->last_reply < s->req_at &&
		    now - s->req_at > SUB_QUERY_TIMEOUT) {
			fprintf(stderr, "raqib: no answer from %s within %.0f s: "
			    "is raqibd running (and are the CURVE keys right)?\n",
			    e->replay, SUB_QUERY_TIMEOUT);
			return EXIT_RUNTIME;
		}
		if (s->want_replay && (!s->inflight || (!s->once &&
		    now - s->req_at > SUB_REPLAY_TIMEOUT) || (s->once &&
		    s->last_reply >= s->req_at && now - s->last_reply >
		    SUB_REPLAY_TIMEOUT)))
			sub_request(s);
		n = 0;
		items[n].socket = s->rep;
		items[n++].events = ZMQ_POLLIN;
		items[n].socket = s->mrep;
		items[n++].events = ZMQ_POLLIN;
		if (!s->once) {
			items[n].socket = s->live;
			items[n++].events = ZMQ_POLLIN;
			items[n].socket = s->mlive;
			items[n++].events = ZMQ_POLLIN;
		}
		wait = s->nout > 0 ? 0.2 : 1.0;
		rc = zmq_poll(items, n, (long)(wait * 1000));
		if (rc == -1 && zmq_errno() != EINTR) {
			fprintf(stderr, "raqib: poll: %s\n",
			    zmq_strerror(zmq_errno()));
			return EXIT_RUNTIME;
		}
		if (sub_refused(s->mrep, e, e->replay) ||
		    (!s->once && sub_refused(s->mlive, e, e->connect)))
			return EXIT_RUNTIME;
		if (!s->once)
			sub_live(s);
		sub_replies(s);
		sub_advance(s);
		sub_flush(s);
		if (s->count > 0 && s->delivered >= s->count)
			break;
		if (s->once && !s->want_replay && !s->inflight && s->nheld == 0 &&
		    s->nout == 0)
			break;
		if (!s->once && s->known && sub_now() - s->last_hb >
		    SUB_HB_SILENCE && !s->warned_hb) {
			fprintf(stderr, "raqib: no heartbeat from %s for %.0f s; "
			    "still trying\n", e->connect, SUB_HB_SILENCE);
			s->warned_hb = 1;
		}
	}
	/* hand what is ready to the sinks once more before leaving */
	sub_advance(s);
	sub_flush(s);
	return EXIT_OK;
}

static long long
sub_number(const char *s, const char *what, int *bad)
{
	char	*end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0) {
		fprintf(stderr, "raqib: %s: \"%s\" is not a number >= 0\n", what, s);
		*bad = 1;
	}
	return v;
}

static int
sub_main(int argc, char **argv, struct client_opts *o, int query)
{
	enum { O_REGION = 256, O_KEYWORD, O_ACTOR, O_TYPE, O_MINKILLED, O_JSON,
		O_RESUME, O_SINCE, O_COUNT, O_CONNECT, O_REPLAY, O_SERVERKEY,
		O_KEY, O_EXEC, O_WEBHOOK, O_FORMAT, O_ALERTMANAGER, O_RATE,
		O_QUIET, O_STORIES };
	static const struct option longopts[] = {
		{ "region", required_argument, NULL, O_REGION },
		{ "keyword", required_argument, NULL, O_KEYWORD },
		{ "actor", required_argument, NULL, O_ACTOR },
		{ "type", required_argument, NULL, O_TYPE },
		{ "min-killed", required_argument, NULL, O_MINKILLED },
		{ "json", no_argument, NULL, O_JSON },
		{ "resume", required_argument, NULL, O_RESUME },
		{ "since", required_argument, NULL, O_SINCE },
		{ "count", required_argument, NULL, O_COUNT },
		{ "connect", required_argument, NULL, O_CONNECT },
		{ "replay", required_argument, NULL, O_REPLAY },
		{ "server-key", required_argument, NULL, O_SERVERKEY },
		{ "key", required_argument, NULL, O_KEY },
		{ "exec", required_argument, NULL, O_EXEC },
		{ "webhook", required_argument, NULL, O_WEBHOOK },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "rate-limit", required_argument, NULL, O_RATE },
		{ "alertmanager", required_argument, NULL, O_ALERTMANAGER },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "stories", required_argument, NULL, O_STORIES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sub		 s;
	struct sub_endpoints	 e;
	struct sigaction	 sa;
	const char		*connect = NULL, *replay = NULL, *skey = NULL;
	const char		*key = NULL, *format = "generic";
	char			*cause = NULL, **webhooks = NULL, **execs = NULL;
	char			**ams = NULL;
	size_t			 nweb = 0, nexec = 0, nam = 0, i;
	long long		 since = -1, v;
	long			 rate = 2;
	int			 ch, json = 0, bad = 0, quiet = 0, rc = EXIT_RUNTIME;
	struct sink		*k;

	memset(&s, 0, sizeof s);
	if ((s.ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	s.filter = filter_new(s.ex);
	if (query)
		since = 0;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case O_REGION:
			if (filter_region(s.filter, optarg, &cause) == -1)
				bad = 1;
			break;
		case O_KEYWORD:
			filter_keyword(s.filter, optarg);
			break;
		case O_ACTOR:
			if (filter_actor(s.filter, optarg, &cause) == -1)
				bad = 1;
			break;
		case O_TYPE:
			if (filter_type(s.filter, optarg, &cause) == -1)
				bad = 1;
			break;
		case O_MINKILLED:
			filter_min_killed(s.filter, (long)sub_number(optarg,
			    "--min-killed", &bad));
			break;
		case O_JSON:
			json = 1;
			break;
		case O_RESUME:
			s.resume = optarg;
			break;
		case O_SINCE:
			since = sub_number(optarg, "--since", &bad);
			break;
		case O_COUNT:
			s.count = sub_number(optarg, "--count", &bad);
			break;
		case O_CONNECT:
			connect = optarg;
			break;
		case O_REPLAY:
			replay = optarg;
			break;
		case O_SERVERKEY:
			skey = optarg;
			break;
		case O_KEY:
			key = optarg;
			break;
		case O_EXEC:
			execs = xreallocarray(execs, nexec + 1, sizeof *execs);
			execs[nexec++] = optarg;
			break;
		case O_WEBHOOK:
			webhooks = xreallocarray(webhooks, nweb + 1,
			    sizeof *webhooks);
			webhooks[nweb++] = optarg;
			break;
		case O_FORMAT:
			format = optarg;
			break;
		case O_RATE:
			rate = (long)sub_number(optarg, "--rate-limit", &bad);
			break;
		case O_ALERTMANAGER:
			ams = xreallocarray(ams, nam + 1, sizeof *ams);
			ams[nam++] = optarg;
			break;
		case O_QUIET:
			quiet = 1;
			break;
		case O_STORIES:
			if (filter_stories(s.filter, optarg, &cause) == -1)
				bad = 1;
			break;
		case 'h':
			sub_usage(stdout, query);
			rc = EXIT_OK;
			goto out;
		default:
			bad = 1;
			break;
		}
		if (cause != NULL) {
			fprintf(stderr, "raqib %s: %s\n", query ? "query" : "sub",
			    cause);
			free(cause);
			cause = NULL;
		}
	}
	if (bad || optind != argc || (query && (s.resume || nweb || nexec ||
	    nam))) {
		if (optind != argc)
			fprintf(stderr, "raqib: unexpected argument \"%s\"\n",
			    argv[optind]);
		sub_usage(stderr, query);
		rc = EXIT_USAGE;
		goto out;
	}
	/* programs see every report; people and sinks, news */
	filter_stories_default(s.filter, json ? FILTER_STORIES_ALL :
	    FILTER_STORIES_UPDATES);
	if (sub_endpoints(o, &e, connect, replay, skey, key, &cause) == -1) {
		fprintf(stderr, "raqib: %s\n", cause);
		free(cause);
		goto out;
	}
	if (!quiet || (nweb == 0 && nexec == 0 && nam == 0))
		sub_add_sink(&s, sink_stdout(s.ex, json));
	for (i = 0; i < nexec; i++)
		sub_add_sink(&s, sink_exec(s.ex, execs[i]));
	for (i = 0; i < nweb; i++) {
		if ((k = sink_webhook(s.ex, webhooks[i], format, rate * 1000,
		    &cause)) == NULL) {
			fprintf(stderr, "raqib: --webhook: %s\n", cause);
			free(cause);
			rc = EXIT_USAGE;
			goto close;
		}
		sub_add_sink(&s, k);
	}
	for (i = 0; i < nam; i++) {
		if ((k = sink_alertmanager(s.ex, ams[i], &cause)) == NULL) {
			fprintf(stderr, "raqib: --alertmanager: %s\n", cause);
			free(cause);
			rc = EXIT_USAGE;
			goto close;
		}
		sub_add_sink(&s, k);
	}
	s.prefixes = filter_prefixes(s.filter, &s.nprefixes);
	if (s.resume != NULL) {
		switch (resume_load(s.resume, &v, &cause)) {
		case -1:
			fprintf(stderr, "raqib: %s\n", cause);
			free(cause);
			goto close;
		case 1:
			if (since < 0)
				since = v;
			break;
		}
	}
	if (since >= 0) {
		s.known = 1;
		s.cursor = s.covered = since;
		s.saved = since;
		sub_want(&s, 0);
	}
	s.once = query;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sub_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	rc = sub_run(&s, &e);
close:
	sub_close(&s);
	sub_endpoints_clear(&e);
out:
	filter_free(s.filter);
	extract_free(s.ex);
	free(webhooks);
	free(execs);
	free(ams);
	return rc;
}

int
cmd_sub(int argc, char **argv, struct client_opts *o)
{
	return sub_main(argc, argv, o, 0);
}
