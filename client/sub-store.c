/*
 * raqib sub's place in the daemon's store: the store and the run of raqibd
 * (its generation) the position counts in, checked whenever the daemon
 * names them; the status request that asks where we stand; the resume
 * file that keeps it. sub.c is the follower that moves it on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/monotime.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "resume.h"
#include "sink.h"
#include "sub.h"
#include "sub-int.h"

/* The daemon's generation in a message, if it names one we can keep. */
const char *
sub_generation_of(json_t *o)
{
	const char	*g = json_string_value(json_object_get(o, "generation"));
	size_t		 n;

	if (g == NULL || (n = strlen(g)) == 0 || n >= RESUME_GEN_MAX ||
	    strspn(g, "0123456789abcdef") != n)
		return NULL;
	return g;
}

static void
sub_set_generation(struct sub *s, const char *gen)
{
	snprintf(s->generation, sizeof s->generation, "%s", gen ? gen : "");
	s->written = 0;
}

/*
 * Drops what was received, and what was handled but is not yet through
 * every sink, past seq: events of a history the daemon no longer has.
 * Returns how many handled ones went.
 */
static size_t
sub_drop_after(struct sub *s, long long seq)
{
	size_t	i, kept, n = 0;

	for (i = 0; i < s->nheld; i++)
		json_decref(s->held[i].ev);
	s->nheld = 0;
	for (i = kept = 0; i < s->nout; i++) {
		if (sub_json_seq(s->outbox[i]) > seq) {
			json_decref(s->outbox[i]);
			n++;
		} else
			s->outbox[kept++] = s->outbox[i];
	}
	s->nout = kept;
	s->queued -= (long long)n;
	for (i = 0; i < s->nsinks; i++)
		if (s->sinks[i]->sent_upto > seq)
			s->sinks[i]->sent_upto = seq;
	s->want_replay = 0;
	s->inflight = 0;	/* an answer to the old request is ignored */
	s->recheck = 0;
	s->written = 0;
	return n;
}

/*
 * The daemon's store is not the one our seqs count in (replaced, or
 * restored from an older copy we cannot place ourselves in): its seqs
 * would be taken for ones already handled and dropped. Start again in it,
 * from its first event or from now, as --on-new-store says, and say so.
 */
static void
sub_new_store(struct sub *s, const char *id, const char *gen, long long head,
    const char *why)
{
	fprintf(stderr, "raqib: %s (the daemon's store %s has last seq %lld; "
	    "we were at %lld in %s); starting again from %s "
	    "(--on-new-store)\n", why, *id ? id : "(no id)", head, s->cursor,
	    *s->store ? s->store : "a store without an id",
	    s->on_new_store == SUB_NEW_STORE_START ? "its first event" :
	    "its newest event");
	sub_drop_after(s, -1);
	s->known = 1;
	s->cursor = s->covered = s->on_new_store == SUB_NEW_STORE_START ? 0 :
	    head;
	snprintf(s->store, sizeof s->store, "%s", id);
	sub_set_generation(s, gen);
	if (s->on_new_store == SUB_NEW_STORE_START && head > 0)
		sub_want(s, 0);
}

/*
 * The daemon's store was restored from an older copy that has the run of
 * raqibd our position was taken in up to seq end: what we handled up to
 * end is there, what we handled after it is gone, and the seqs after end
 * are events we never saw. Go on from end, and say so.
 */
static void
sub_fork(struct sub *s, long long end)
{
	long long	 was = s->cursor;
	size_t		 n = sub_drop_after(s, end);

	fprintf(stderr, "raqib: the daemon's store was restored from an older "
	    "copy: it holds what we followed only up to seq %lld (we were at "
	    "%lld); going on from there with what it stored since", end, was);
	if (n > 0)
		fprintf(stderr, " (%zu events of the lost ones were not yet "
		    "delivered everywhere, and will not be)", n);
	fputc('\n', stderr);
	s->cursor = s->covered = end;
	sub_want(s, 0);
}

/*
 * Every message that names the store (heartbeat, end of a replay, status)
 * comes here: the store we follow, or another (then 1: start again). A
 * head is judged against floor, a seq the daemon had when it wrote the
 * message (-1: none known): a heartbeat can come after events a replay
 * brought and the daemon stored after sending it. Another generation
 * than ours is a restart, maybe on a restored store: we ask (sub_recheck).
 */
int
sub_store_check(struct sub *s, const char *id, const char *gen, long long head,
    long long floor)
{
	const char *why = NULL;

	if (id == NULL)
		id = "";	/* a daemon older than store ids */
	if (s->since_given) {
		/* --since: the position the user gave holds */
		s->since_given = 0;
	} else if (*s->store != '\0' && *id != '\0' && strcmp(s->store, id) != 0)
		why = "the daemon has another store than the one we followed";
	else if (gen != NULL && *s->generation != '\0' &&
	    strcmp(gen, s->generation) != 0) {
		if (!s->recheck)
			sub_recheck(s);
		return 0;
	} else if (s->known && head < floor)
		why = "the daemon's store is behind ours: was it replaced, or "
		    "restored from an older copy?";
	if (why != NULL) {
		sub_new_store(s, id, gen, head, why);
		return 1;
	}
	if (*s->store == '\0' && *id != '\0') {
		snprintf(s->store, sizeof s->store, "%s", id);
		s->written = 0;
	}
	if (*s->generation == '\0' && gen != NULL)
		sub_set_generation(s, gen);
	return 0;
}

/* The first thing said to the daemon, and again when it may have
 * restarted: a status request, whose answer shows the replay socket works,
 * gives the store and its head, and how far the store holds the run of
 * raqibd our position was checked against. */
void
sub_probe(struct sub *s)
{
	char	body[RESUME_GEN_MAX + 32];
	int	n;

	if (*s->generation != '\0')
		n = snprintf(body, sizeof body, "{\"generation\":\"%s\"}",
		    s->generation);
	else
		n = snprintf(body, sizeof body, "{}");
	zmq_send(s->rep, RAQIB_STATUS_REQUEST, strlen(RAQIB_STATUS_REQUEST),
	    ZMQ_SNDMORE | ZMQ_DONTWAIT);
	zmq_send(s->rep, body, (size_t)n, ZMQ_DONTWAIT);
	s->probe_at = monotime_now();
}

/* The daemon may have restarted on a store restored from an older copy,
 * whose seqs after some point are not the events we saw: hand nothing on
 * until its status says where we stand. */
void
sub_recheck(struct sub *s)
{
	s->recheck = 1;
	sub_probe(s);
}

/* Another generation than ours, in the store we follow: how far does it
 * hold ours (end: a seq, or null if it never had it)? */
static void
sub_generation_moved(struct sub *s, const char *id, const char *gen,
    long long head, json_t *end)
{
	if (!json_is_integer(end))
		sub_new_store(s, id, gen, head, "the daemon's store does not "
		    "have the run of raqibd our position was taken in: was it "
		    "restored from an older copy?");
	else if (s->known && json_integer_value(end) < s->cursor)
		sub_fork(s, json_integer_value(end));
	sub_set_generation(s, gen);
}

void
sub_status_reply(struct sub *s, json_t *o)
{
	long long	 head = json_integer_value(json_object_get(o, "last_seq"));
	/* nothing is handled before the first answer: the cursor stands */
	long long	 floor = s->answered ? -1 : s->cursor;
	const char	*id = json_string_value(json_object_get(o, "store_id"));
	const char	*gen = sub_generation_of(o);
	const char	*asked = json_string_value(json_object_get(o,
			    "generation_asked"));

	if (s->unanswered)
		fprintf(stderr, "raqib: raqibd answered; going on\n");
	s->answered = 1;
	s->unanswered = 0;
	if (!s->known && s->start_at_head) {
		/* a new resume file starts here, and is written at once */
		s->known = 1;
		s->cursor = s->covered = head;
	}
	if (gen != NULL && *s->generation != '\0' && (asked == NULL ||
	    strcmp(asked, s->generation) != 0))
		return;		/* an answer to an earlier question */
	if (gen != NULL && *s->generation != '\0' &&
	    strcmp(gen, s->generation) != 0 && (id == NULL || *s->store ==
	    '\0' || strcmp(id, s->store) == 0)) {
		s->recheck = 0;
		sub_generation_moved(s, id ? id : "", gen, head,
		    json_object_get(o, "generation_end"));
		return;
	}
	s->recheck = 0;
	sub_store_check(s, id, gen, head, floor);
}

/* Writes the resume file; a failure is said once, and its end too. */
void
sub_save(struct sub *s, long long low)
{
	struct resume_pos pos;
	char		*cause = NULL;

	pos.seq = low;
	memcpy(pos.store, s->store, sizeof pos.store);
	memcpy(pos.generation, s->generation, sizeof pos.generation);
	if (resume_save(s->resume, &pos, &cause) == -1) {
		if (!s->save_failed)
			fprintf(stderr, "raqib: %s; will try again\n", cause);
		s->save_failed = 1;
		free(cause);
	} else {
		if (s->save_failed)
			fprintf(stderr, "raqib: %s written again\n", s->resume);
		s->save_failed = 0;
		s->saved = low;
		s->written = 1;
	}
}

/* Where to start: --since, else the resume file, else (a new resume
 * file) the daemon's head, else live. A resume file that cannot be
 * written is fatal now rather than at the first event. */
int
sub_position(struct sub *s, long long since)
{
	struct resume_pos pos;
	char		*cause = NULL;

	if (s->resume != NULL) {
		switch (resume_load(s->resume, &pos, &cause)) {
		case -1:
			goto fail;
		case 1:
			if (since < 0) {
				since = pos.seq;
				memcpy(s->store, pos.store, sizeof s->store);
				memcpy(s->generation, pos.generation,
				    sizeof s->generation);
				s->written = 1;
			} else
				s->since_given = 1;
			break;
		default:
			if (since < 0)
				s->start_at_head = 1;
			else
				s->since_given = 1;
			break;
		}
		if (resume_check(s->resume, &cause) == -1)
			goto fail;
	} else if (since >= 0)
		s->since_given = 1;
	else
		s->start_at_head = 1;	/* live: from the head the daemon
					 * names, so nothing after it is lost */
	if (since >= 0) {
		s->known = 1;
		s->cursor = s->covered = since;
		s->saved = since;
		sub_want(s, 0);
	}
	return 0;
fail:
	fprintf(stderr, "raqib: %s\n", cause);
	free(cause);
	return -1;
}
