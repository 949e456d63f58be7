/*
 * raqib sub's follower: asks the replay socket for what was missed, holds
 * live events until nothing can be missing before them, hands them to the
 * sinks in seq order and keeps the resume file. cmd-sub.c is its command
 * line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/extract.h"
#include "raqib/monotime.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "endpoint.h"
#include "filter.h"
#include "raqib.h"
#include "resume.h"
#include "sink.h"
#include "sub.h"
#include "sub-int.h"

#define SUB_REPLAY_TIMEOUT	5.0	/* seconds before a request is resent */
#define SUB_MAX_HELD		20000	/* events held in memory */
#define SUB_HB_SILENCE		20.0	/* seconds without a heartbeat to warn */
#define SUB_ANSWER_TIMEOUT	5.0	/* seconds for the daemon's first answer */

static volatile sig_atomic_t sub_stop;

struct sub *
sub_new(struct extract *ex, struct filter *f, const struct sub_opts *o)
{
	struct sub	*s = xcalloc(1, sizeof *s);

	s->ex = ex;
	s->filter = f;
	s->prefixes = filter_prefixes(f, &s->nprefixes);
	s->resume = o->resume;
	s->count = o->count;
	s->wait = o->wait;
	s->on_new_store = o->on_new_store;
	s->watch_out = o->watch_out;
	return s;
}

static void
sub_signal(int sig)
{
	(void)sig;
	sub_stop = 1;
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

void
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
	s->req_after = after;
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
	s->req_at = monotime_now();
}

/* Handles held events in order while nothing can be missing before them. */
static void
sub_advance(struct sub *s)
{
	json_t	*ev;
	long long seq;

	/* nothing is handled before the daemon has named its store, and
	 * where we stand in it after it may have restarted */
	while (s->nheld > 0 && s->answered && !s->recheck) {
		/* --count: what is handed on never goes past N */
		if (s->count > 0 && s->queued >= s->count)
			return;
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
				s->queued++;
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

long long
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
			s->last_hb = monotime_now();
			s->warned_hb = 0;
			if (!s->known) {
				s->known = 1;
				s->cursor = s->covered = last;
			}
			sub_store_check(s, json_string_value(json_object_get(o,
			    "store_id")), sub_generation_of(o), last, -1);
			if (last > s->covered)
				sub_want(s, last);
			else if (s->known && last < s->cursor)
				sub_want(s, 0);	/* late, or gone back: ask */
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
		s->last_reply = monotime_now();
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

			if (id != NULL && strcmp(id, s->req_id) == 0 &&
			    s->inflight) {
				long long last = json_integer_value(
				    json_object_get(o, "last_seq"));

				s->inflight = 0;
				if (sub_store_check(s, json_string_value(
				    json_object_get(o, "store_id")),
				    sub_generation_of(o), json_integer_value(
				    json_object_get(o, "head")), s->req_after)) {
					json_decref(o);
					sub_free_frames(f, n);
					continue;
				}
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
		} else if (n == 2 && strcmp(f[0], RAQIB_FRAME_STATUS) == 0 &&
		    (o = json_loadb(f[1], l[1], 0, &err)) != NULL) {
			sub_status_reply(s, o);
			json_decref(o);
		} else if (n == 2 && strcmp(f[0], RAQIB_FRAME_ERROR) == 0) {
			fprintf(stderr, "raqib: replay refused: %s\n", f[1]);
			s->inflight = 0;
		}
		sub_free_frames(f, n);
	}
}

/*
 * Gives one sink, when it is due, the next batch it lacks; a failed
 * delivery is tried again later, less and less often, counted from when
 * it ended (a command cut short by our stop ends long after the loop's
 * turn began). Once we are leaving, a sink whose last delivery failed or
 * that starts commands is given nothing more: the next run resumes there.
 */
static void
sub_flush_sink(struct sub *s, struct sink *k, double now, int leaving)
{
	size_t	 first, n;
	char	*cause = NULL;
	double	 started = now;
	int	 rc;

	if (leaving && (k->backoff_ms > 0 || k->slow))
		return;
	if (k->tick != NULL)
		k->tick(k, now);
	if (now < k->next_try || (k->interval_ms > 0 && now - k->last_batch <
	    (double)k->interval_ms / 1000))
		return;
	for (first = 0; first < s->nout &&
	    sub_json_seq(s->outbox[first]) <= k->sent_upto; first++)
		;
	if (first == s->nout)
		return;
	n = s->nout - first;
	if (n > k->batch_max)
		n = k->batch_max;
	rc = k->deliver(k, s->outbox + first, n, &cause);
	now = monotime_now();
	if (rc == -1 && k->gone) {
		/* its reader left (raqib sub | head): stop here */
		free(cause);
		s->out_closed = 1;
		return;
	} else if (rc == -1) {
		k->backoff_ms = k->backoff_ms ? k->backoff_ms * 2 : 1000;
		if (k->backoff_ms > 60000)
			k->backoff_ms = 60000;
		k->next_try = now + (double)k->backoff_ms / 1000;
		fprintf(stderr, "raqib: %s: %s; retrying in %ld s\n", k->name,
		    cause ? cause : "delivery failed", k->backoff_ms / 1000);
		free(cause);
		return;
	}
	k->backoff_ms = 0;
	k->last_batch = started;	/* batches start an interval apart */
	k->sent_upto = sub_json_seq(s->outbox[first + n - 1]);
}

/* Gives the outbox to every sink that is due; the resume file moves to the
 * last event every sink has. LEAVING: the last turn, after a stop. */
static void
sub_flush(struct sub *s, int leaving)
{
	long long	 low;
	size_t		 i, j;

	for (i = 0; i < s->nsinks; i++)
		sub_flush_sink(s, s->sinks[i], monotime_now(), leaving);
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
	/* not before the daemon has named the store the seq counts in */
	if (s->resume != NULL && s->known && s->answered && (low != s->saved ||
	    !s->written))
		sub_save(s, low);
}

void
sub_free(struct sub *s)
{
	size_t	i;

	for (i = 0; i < s->nheld; i++)
		json_decref(s->held[i].ev);
	for (i = 0; i < s->nout; i++)
		json_decref(s->outbox[i]);
	free(s->held);
	free(s->outbox);
	for (i = 0; i < s->nsinks; i++)
		sink_free(s->sinks[i]);
	free(s->sinks);
	endpoint_close(s->live, s->mlive);
	endpoint_close(s->rep, s->mrep);
	if (s->ctx != NULL)
		zmq_ctx_term(s->ctx);
	free(s);
}

void
sub_add_sink(struct sub *s, struct sink *k)
{
	s->sinks = xreallocarray(s->sinks, s->nsinks + 1, sizeof *s->sinks);
	s->sinks[s->nsinks++] = k;
	k->sent_upto = -1;
}

/* Sockets, subscriptions and connections; -1 if ZeroMQ refuses. */
static int
sub_open(struct sub *s, const struct endpoints *e)
{
	size_t	i;

	s->ctx = zmq_ctx_new();
	s->live = zmq_socket(s->ctx, ZMQ_SUB);
	s->rep = zmq_socket(s->ctx, ZMQ_DEALER);
	if (s->live == NULL || s->rep == NULL || endpoint_curve(s->live, e) == -1 ||
	    endpoint_curve(s->rep, e) == -1 ||
	    (s->mlive = endpoint_monitor(s->ctx, s->live, "live")) == NULL ||
	    (s->mrep = endpoint_monitor(s->ctx, s->rep, "replay")) == NULL) {
		fprintf(stderr, "raqib: ZeroMQ: %s\n", zmq_strerror(zmq_errno()));
		return -1;
	}
	/* subscribe first, so nothing falls between replay and live */
	for (i = 0; i < s->nprefixes; i++)
		zmq_setsockopt(s->live, ZMQ_SUBSCRIBE, s->prefixes[i],
		    strlen(s->prefixes[i]));
	zmq_setsockopt(s->live, ZMQ_SUBSCRIBE, RAQIB_TOPIC_HEARTBEAT,
	    strlen(RAQIB_TOPIC_HEARTBEAT));
	if (zmq_connect(s->live, e->connect) == -1) {
		fprintf(stderr, "raqib: %s: %s\n", e->connect,
		    zmq_strerror(zmq_errno()));
		return -1;
	}
	if (zmq_connect(s->rep, e->replay) == -1) {
		fprintf(stderr, "raqib: %s: %s\n", e->replay,
		    zmq_strerror(zmq_errno()));
		return -1;
	}
	return 0;
}

/*
 * The daemon has not answered the first request in time: say what the
 * socket monitor saw, then give up, or with --wait go on waiting. A
 * daemon that hung up after the handshake is there, restarting: wait for
 * it, and ask again, since the request went with the connection (one
 * never sent waits in the queue for the next).
 * Returns -1 to give up.
 */
static int
sub_unanswered(struct sub *s, const struct endpoints *e)
{
	int	gone = (s->seen_rep & ENDPOINT_SEEN_GONE) != 0;

	if (!s->unanswered)
		endpoint_silent(e, e->replay, s->seen_rep, SUB_ANSWER_TIMEOUT,
		    s->wait ? "; still trying (--wait)" : gone ?
		    "; still trying" : "");
	s->unanswered = 1;
	if (gone) {
		s->wait = 1;
		s->seen_rep &= ~ENDPOINT_SEEN_GONE;
		sub_probe(s);
	} else if (!s->wait)
		return -1;
	else
		s->probe_at = monotime_now();
	return 0;
}

/* Says once that the daemon's heartbeat has been silent too long. */
static void
sub_heartbeat_check(struct sub *s, const struct endpoints *e)
{
	if (s->known && monotime_now() - s->last_hb > SUB_HB_SILENCE &&
	    !s->warned_hb) {
		fprintf(stderr, "raqib: no heartbeat from %s for %.0f s; "
		    "still trying\n", e->connect, SUB_HB_SILENCE);
		s->warned_hb = 1;
	}
}

/* The main loop, until a signal, --count or a closed output; returns an
 * exit code. */
int
sub_run(struct sub *s, const struct endpoints *e)
{
	struct sigaction sa;
	zmq_pollitem_t	 items[5];
	double		 now, wait;
	int		 rc, n, out = -1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sub_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (sub_open(s, e) == -1)
		return EXIT_RUNTIME;
	s->last_hb = monotime_now();
	sub_probe(s);
	while (!sub_stop && !s->out_closed) {
		now = monotime_now();
		if (!s->answered && now - s->probe_at > SUB_ANSWER_TIMEOUT &&
		    sub_unanswered(s, e) == -1)
			return EXIT_RUNTIME;
		if (s->answered && s->want_replay && (!s->inflight ||
		    now - s->req_at > SUB_REPLAY_TIMEOUT))
			sub_request(s);
		n = 0;
		items[n].socket = s->rep;
		items[n++].events = ZMQ_POLLIN;
		items[n].socket = s->mrep;
		items[n++].events = ZMQ_POLLIN;
		items[n].socket = s->live;
		items[n++].events = ZMQ_POLLIN;
		items[n].socket = s->mlive;
		items[n++].events = ZMQ_POLLIN;
		if (s->watch_out) {
			/* a pipe whose reader left reports an error: `raqib
			 * sub | head -1` ends even when nothing more is printed */
			out = n;
			items[n].socket = NULL;
			items[n].fd = STDOUT_FILENO;
			items[n++].events = 0;
		}
		wait = s->nout > 0 || !s->answered ? 0.2 : 1.0;
		rc = zmq_poll(items, n, (long)(wait * 1000));
		if (rc == -1 && zmq_errno() != EINTR) {
			fprintf(stderr, "raqib: poll: %s\n",
			    zmq_strerror(zmq_errno()));
			return EXIT_RUNTIME;
		}
		if (rc > 0 && out >= 0 && (items[out].revents & ZMQ_POLLERR))
			s->out_closed = 1;
		if (endpoint_refused(s->mrep, e, e->replay, &s->seen_rep) ||
		    endpoint_refused(s->mlive, e, e->connect, &s->seen_live))
			return EXIT_RUNTIME;
		if (s->answered && (s->seen_rep & ENDPOINT_SEEN_GONE)) {
			/* the daemon went: it may come back on another store
			 * (the live socket goes with it, and its heartbeat
			 * names the generation if this was missed) */
			s->seen_rep &= ~ENDPOINT_SEEN_GONE;
			sub_recheck(s);
		}
		sub_live(s);
		sub_replies(s);
		sub_advance(s);
		sub_flush(s, sub_stop);	/* a signal in poll: no new command */
		if (s->count > 0 && s->delivered >= s->count)
			break;
		sub_heartbeat_check(s, e);
	}
	/* hand what is ready to the sinks once more before leaving, but
	 * start no command and retry nothing: asked to stop, we stop */
	if (!s->out_closed) {
		sub_advance(s);
		sub_flush(s, 1);
	}
	return EXIT_OK;
}
