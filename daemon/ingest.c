#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <jansson.h>

#include "raqib/decode.h"
#include "raqib/extract.h"
#include "raqib/log.h"
#include "raqib/norm.h"
#include "raqib/reasons.h"
#include "raqib/sha256.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"
#include "raqib/fingerprint.h"
#include "raqib/jsonload.h"
#include "ingest.h"
#include "pool.h"
#include "publish.h"
#include "store.h"

#define INGEST_BACKOFF_MIN	100	/* ms */
#define INGEST_BACKOFF_MAX	10000
#define INGEST_BATCH		64	/* files looked at per turn of the loop */
/*
 * Group commit: a worker's answer waits, while other documents are with
 * the workers, for up to INGEST_GROUP_MS or INGEST_GROUP_MAX answers, and
 * they are stored in one transaction. A transaction per document wrote
 * each page it shares with the next (the story, the indexes' last pages)
 * again: most of raqibd's time under a backlog. An answer with nothing
 * else in flight is stored at once.
 */
#define INGEST_GROUP_MAX	64
#define INGEST_GROUP_MS		10

/* In the queued map: */
#define INGEST_QUEUED		1
#define INGEST_INFLIGHT		2	/* with a worker, or its answer waits */
#define INGEST_AGAIN		3	/* the same, and changed since */

const double ingest_bucket_bounds[INGEST_BUCKETS] = { 0.0005, 0.001, 0.002,
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0 };

struct ingest {
	struct event_base *base;
	char		*dir;
	long		 max_bytes;
	struct store	*store;
	struct publish	*publish;
	struct pool	*pool;
	size_t		 inflight;	/* documents with the workers */
	struct ingest_ready *ready;	/* answers to store together */
	size_t		 nready;
	struct event	*flush;		/* stores them */
	int		 stopping;
	void		(*drained)(void *);
	void		*drained_arg;
	struct event	*work;		/* processes the next queued file */
	char		**queue;	/* a ring of file names */
	size_t		 head, count, cap;
	struct strmap	*queued;	/* names queued or in flight: INGEST_* */
	long		 backoff;	/* ms, after the store said retry */
	struct ingest_stats stats;
	struct strmap	*types;		/* events per type: index into counts */
	long long	*type_count;
	char		**type_name;
	size_t		 ntypes;
};

/* A file name as text: bytes that are not UTF-8 become \xNN. */
static char *
ingest_display_name(const char *name)
{
	size_t	 len = strlen(name), i = 0, at, o = 0;
	char	*out = xmalloc(len * 4 + 1);
	uint32_t c;

	while (i < len) {
		at = i;
		c = norm_utf8_next(name, len, &i);
		if ((c == 0xfffd && !(i - at == 3 && memcmp(name + at,
		    "\xef\xbf\xbd", 3) == 0)) || c < 0x20 || c == 0x7f) {
			o += (size_t)sprintf(out + o, "\\x%02x",
			    (unsigned char)name[at]);
			i = at + 1;
			continue;
		}
		memcpy(out + o, name + at, i - at);
		o += i - at;
	}
	out[o] = '\0';
	return out;
}

static void
ingest_schedule(struct ingest *in, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (in->count == 0 || evtimer_pending(in->work, NULL))
		return;
	evtimer_add(in->work, &tv);
}

static void
ingest_push(struct ingest *in, const char *name, int front)
{
	size_t	i, newcap;
	char	**q;

	if (in->count == in->cap) {
		newcap = in->cap ? in->cap * 2 : 256;
		q = xcalloc(newcap, sizeof *q);
		for (i = 0; i < in->count; i++)
			q[i] = in->queue[(in->head + i) % in->cap];
		free(in->queue);
		in->queue = q;
		in->head = 0;
		in->cap = newcap;
	}
	if (front) {
		in->head = (in->head + in->cap - 1) % in->cap;
		in->queue[in->head] = xstrdup(name);
	} else
		in->queue[(in->head + in->count) % in->cap] = xstrdup(name);
	in->count++;
	*strmap_put(in->queued, name, strlen(name), 0, NULL) = INGEST_QUEUED;
}

/* Queues a file; a name already queued is not queued twice, and one with a
 * worker is looked at again once its document is done. */
void
ingest_file(struct ingest *in, const char *name)
{
	uint32_t v;

	if (strmap_get(in->queued, name, strlen(name), &v) && v) {
		if (v == INGEST_INFLIGHT)
			*strmap_put(in->queued, name, strlen(name), 0, NULL) =
			    INGEST_AGAIN;
		return;
	}
	ingest_push(in, name, 0);
	ingest_schedule(in, 0);
}

static char *
ingest_pop(struct ingest *in)
{
	char	*name;

	if (in->count == 0)
		return NULL;
	name = in->queue[in->head];
	in->head = (in->head + 1) % in->cap;
	in->count--;
	*strmap_put(in->queued, name, strlen(name), 0, NULL) = 0;
	return name;
}

static void
ingest_count_type(struct ingest *in, const char *type)
{
	int		 added;
	uint32_t	*v;

	v = strmap_put(in->types, type, strlen(type), (uint32_t)in->ntypes,
	    &added);
	if (added) {
		in->type_count = xreallocarray(in->type_count, in->ntypes + 1,
		    sizeof *in->type_count);
		in->type_name = xreallocarray(in->type_name, in->ntypes + 1,
		    sizeof *in->type_name);
		in->type_count[in->ntypes] = 0;
		in->type_name[in->ntypes] = xstrdup(type);
		in->ntypes++;
	}
	in->type_count[*v]++;
}

void
ingest_events_by_type(struct ingest *in,
    void (*cb)(void *, const char *, long long), void *arg)
{
	size_t	i;

	for (i = 0; i < in->ntypes; i++)
		cb(arg, in->type_name[i], in->type_count[i]);
}

/* Returns 1 if the store asked to try again later. */
static int
ingest_reject(struct ingest *in, const struct store_file *f, const char *sha,
    const char *reason, const char *detail)
{
	char	*shown = ingest_display_name(f->path);
	int	 rc;

	/* the name as shown: a newline in it must not forge a log line */
	log_warnx("ingest: rejected %s: %s%s%s", shown, reason, detail ?
	    ": " : "", detail ? detail : "");
	rc = store_reject(in->store, f, sha, reason, detail);
	if (rc != STORE_OK && rc != STORE_RETRY)
		log_warnx("ingest: could not record the rejection of %s", shown);
	free(shown);
	return rc == STORE_RETRY;
}

/* A document with the workers. */
struct ingest_job {
	struct ingest	*in;
	char		*name;		/* in the folder */
	char		*path;
	char		*shown;
	char		 sha[65];
	const char	*encoding;
	size_t		 bytes;
	struct store_file f;
	struct fingerprint print;	/* of the decoded text */
};

static void
ingest_job_free(struct ingest_job *j)
{
	free(j->name);
	free(j->path);
	free(j->shown);
	free(j);
}

/* The queue waits before the next try, longer each time in a row. */
static void
ingest_pause(struct ingest *in)
{
	in->backoff = in->backoff ? in->backoff * 2 : INGEST_BACKOFF_MIN;
	if (in->backoff > INGEST_BACKOFF_MAX)
		in->backoff = INGEST_BACKOFF_MAX;
	ingest_schedule(in, in->backoff);
}

/* Back to the front of the queue, after a pause: never dropped. */
static void
ingest_retry(struct ingest *in, const char *name)
{
	in->stats.retries++;
	ingest_push(in, name, 1);
	ingest_pause(in);
}

/* A worker's answer waiting to be stored with others. */
struct ingest_ready {
	struct ingest_job *j;
	char		*json;		/* the worker's answer, read when stored */
	size_t		 len;
	double		 seconds;
	int		 rc;		/* what the store said: STORE_* */
	struct store_event *evs;	/* to publish once committed */
	size_t		 n;
};

/* Stores a worker's answer in the group's transaction; publishes nothing.
 * Returns 1 to retry later. */
static int
ingest_store(struct ingest *in, struct ingest_ready *rd)
{
	struct ingest_job *j = rd->j;
	struct store_doc sd;
	json_error_t	 err;
	json_t		*x;
	char		*cause = NULL;
	int		 rc;

	/* read only now: one answer's tree at a time, not a group's */
	if ((x = jsonload(rd->json, rd->len)) == NULL) {
		json_decref(json_loadb(rd->json, rd->len, 0, &err));
		log_warnx("ingest: %s: unreadable answer from its worker: %s",
		    j->shown, err.text);
		rd->rc = STORE_ERR;
		return ingest_reject(in, &j->f, j->sha, REASON_EXTRACT_FAILED,
		    "the engine gave no answer");
	}
	sd.sha256 = j->sha;
	sd.path = j->shown;
	sd.encoding = j->encoding;
	sd.bytes = j->bytes;
	sd.file = &j->f;
	sd.json = rd->json;
	sd.print = &j->print;
	rc = rd->rc = store_document(in->store, &sd, x, &rd->evs, &rd->n,
	    &cause);
	json_decref(x);
	switch (rc) {
	case STORE_OK:
		return 0;
	case STORE_DUP:
		return store_file_mark(in->store, &j->f, j->sha, "duplicate") ==
		    STORE_RETRY;
	case STORE_RETRY:
		log_warnx("ingest: %s: store busy or full (%s); will retry",
		    j->shown, cause ? cause : "?");
		free(cause);
		return 1;
	default:
		log_warnx("ingest: %s: %s", j->shown, cause ? cause :
		    "store error");
		rc = ingest_reject(in, &j->f, j->sha, REASON_STORE_ERROR,
		    cause);
		free(cause);
		return rc;
	}
}

/* A stored document's events, published once committed. */
static void
ingest_publish(struct ingest *in, struct ingest_ready *rd)
{
	size_t	i;

	/* a document is its text: re-encoded, with other line ends or
	 * spacing, it is the document already stored */
	if (rd->rc == STORE_DUP) {
		log_info("ingest: %s has the text of a stored document "
		    "(%s, text %.12s…); not processed again", rd->j->shown,
		    rd->j->encoding, rd->j->print.text_sha256);
		in->stats.duplicates++;
	}
	if (rd->rc != STORE_OK)
		return;
	in->stats.documents++;
	for (i = 0; i < rd->n; i++) {
		publish_event(in->publish, rd->evs[i].topic, rd->evs[i].json);
		ingest_count_type(in, rd->evs[i].type);
		in->stats.events++;
	}
	log_info("ingest: %s: %zu event%s (%s, %.1f ms)", rd->j->shown, rd->n,
	    rd->n == 1 ? "" : "s", rd->j->sha, rd->seconds * 1000);
}

/* Done with a document's file: again later (back to the front, the caller
 * pauses the queue when retry is 2), or again now if it changed while in
 * hand. */
static void
ingest_finish(struct ingest *in, struct ingest_job *j, int retry)
{
	uint32_t	 v = 0;

	strmap_get(in->queued, j->name, strlen(j->name), &v);
	*strmap_put(in->queued, j->name, strlen(j->name), 0, NULL) = 0;
	if (retry == 2) {
		in->stats.retries++;
		ingest_push(in, j->name, 1);
	} else if (retry)
		ingest_retry(in, j->name);
	else {
		in->backoff = 0;
		if (v == INGEST_AGAIN)
			ingest_file(in, j->name);
	}
}

static void
ingest_drained(struct ingest *in)
{
	if (in->stopping && in->inflight == 0 && in->nready == 0 &&
	    in->drained != NULL)
		in->drained(in->drained_arg);
}

/* Stores the waiting answers in one transaction, then publishes: if it
 * does not commit, every one of them is tried again. */
static void
ingest_flush(struct ingest *in)
{
	struct ingest_ready *rd;
	char		*cause = NULL;
	size_t		 i;
	int		 rc, *retry, again;

	if (in->nready == 0)
		return;
	evtimer_del(in->flush);
	retry = xcalloc(in->nready, sizeof *retry);
	rc = store_group_begin(in->store, &cause);
	for (i = 0; rc == STORE_OK && i < in->nready; i++)
		retry[i] = ingest_store(in, &in->ready[i]);
	if (rc == STORE_OK)
		rc = store_group_end(in->store, &cause);
	for (i = 0; i < in->nready; i++) {
		rd = &in->ready[i];
		if (rc == STORE_OK)
			ingest_publish(in, rd);
		else {
			log_warnx("ingest: %s: store busy or full (%s); will "
			    "retry", rd->j->shown, cause ? cause : "?");
			retry[i] = 1;
		}
		if (!retry[i])
			ingest_finish(in, rd->j, 0);
	}
	/* the others back to the front in their order, and one pause for
	 * them all, as for one document */
	for (i = in->nready, again = 0; i-- > 0;) {
		rd = &in->ready[i];
		if (retry[i]) {
			ingest_finish(in, rd->j, 2);
			again = 1;
		}
		store_events_free(rd->evs, rd->n);
		free(rd->json);
		ingest_job_free(rd->j);
	}
	if (again)
		ingest_pause(in);
	in->nready = 0;
	free(retry);
	free(cause);
	ingest_drained(in);
	ingest_schedule(in, 0);
}

static void
ingest_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	ingest_flush(arg);
}

/* A worker's answer joins the group; stored at once if nothing else is in
 * flight, the group is full or raqibd is stopping. */
static void
ingest_answer(struct ingest *in, struct ingest_job *j,
    const struct pool_result *r)
{
	struct ingest_ready *rd = &in->ready[in->nready++];
	struct timeval	 tv = { 0, INGEST_GROUP_MS * 1000 };

	memset(rd, 0, sizeof *rd);
	rd->j = j;
	rd->json = xmalloc(r->len + 1);
	memcpy(rd->json, r->json, r->len);
	rd->json[r->len] = '\0';
	rd->len = r->len;
	rd->seconds = r->seconds;
	if (in->inflight == 0 || in->nready == INGEST_GROUP_MAX ||
	    in->stopping) {
		ingest_flush(in);
		return;
	}
	if (!evtimer_pending(in->flush, NULL))
		evtimer_add(in->flush, &tv);
	/* the workers go on meanwhile */
	ingest_schedule(in, 0);
}

/* A worker is done with a document (pool_done_cb). */
static void
ingest_done(void *arg, const struct pool_result *r)
{
	struct ingest_job *j = arg;
	struct ingest	*in = j->in;
	const char	*reason = r->reason, *detail = r->detail;
	size_t		 b;

	in->inflight--;
	if (r->json == NULL && r->reason == NULL) {
		/* shutting down: processed at the next start */
		*strmap_put(in->queued, j->name, strlen(j->name), 0, NULL) = 0;
		ingest_job_free(j);
		return;
	}
	in->stats.extract_seconds += r->seconds;
	in->stats.extract_count++;
	for (b = 0; b < INGEST_BUCKETS; b++)
		if (r->seconds <= ingest_bucket_bounds[b])
			in->stats.extract_bucket[b]++;
	/* the text's fingerprint comes with the answer: a worker parses it */
	if (r->json != NULL && fingerprint_unpack(r->print, FINGERPRINT_PACKED,
	    &j->print) == 0) {
		ingest_answer(in, j, r);
		return;
	}
	if (r->json != NULL) {
		reason = REASON_EXTRACT_FAILED;
		detail = "the worker's fingerprint of the text is unreadable";
	}
	ingest_finish(in, j, ingest_reject(in, &j->f, j->sha, reason,
	    detail));
	ingest_job_free(j);
	/* answers waiting for this one go now */
	if (in->inflight == 0 && in->nready > 0) {
		ingest_flush(in);
		return;
	}
	ingest_drained(in);
	ingest_schedule(in, 0);
}

/* Checks for a duplicate, decodes and hands the text to a worker. Returns
 * 1 to retry later, -1 when a worker has it, 0 when done with the file. */
static int
ingest_content(struct ingest *in, const char *name,
    const struct store_file *f, const char *shown, const char *buf, size_t len)
{
	struct decode_result dr;
	struct extract_doc info;
	struct ingest_job *j;
	char		 sha[65];
	int		 rc;

	sha256_hex(buf, len, sha);
	if ((rc = store_has_sha(in->store, sha)) == 1) {
		log_info("ingest: %s has the content of a stored document "
		    "(sha256 %.12s…); not processed again", shown, sha);
		in->stats.duplicates++;
		return store_file_mark(in->store, f, sha, "duplicate") ==
		    STORE_RETRY;
	}
	if (rc == -1)
		return 1;
	if (decode_text(buf, len, &dr) == -1) {
		rc = ingest_reject(in, f, sha, dr.reason, dr.detail);
		decode_clear(&dr);
		return rc;
	}
	j = xcalloc(1, sizeof *j);
	j->in = in;
	j->name = xstrdup(name);
	j->path = xstrdup(f->path);
	j->shown = xstrdup(shown);
	memcpy(j->sha, sha, sizeof sha);
	j->encoding = dr.encoding;
	j->bytes = len;
	j->f = *f;
	j->f.path = j->path;
	info.path = shown;
	info.sha256 = sha;
	info.encoding = dr.encoding;
	*strmap_put(in->queued, name, strlen(name), 0, NULL) = INGEST_INFLIGHT;
	in->inflight++;
	pool_submit(in->pool, &info, dr.text, dr.len, ingest_done, j);
	decode_clear(&dr);
	return -1;
}

/* One file: checks what it is before reading it (decode.c, as raqib
 * extract does). Returns 1 to retry, -1 when a worker has it. */
static int
ingest_one(struct ingest *in, const char *name)
{
	struct store_file f;
	struct decode_file df;
	struct decode_result dr;
	char		*path, *shown, *buf;
	size_t		 len;
	int		 rc = 0;

	xasprintf(&path, "%s/%s", in->dir, name);
	shown = ingest_display_name(path);
	memset(&f, 0, sizeof f);
	f.path = path;
	rc = decode_open(path, &df, &dr);
	f.size = df.size;
	f.mtime_ns = df.mtime_ns;
	f.ino = df.ino;
	if (rc == -1)
		rc = ingest_reject(in, &f, NULL, dr.reason, dr.detail);
	else if (store_file_seen(in->store, &f)) {
		log_debug("ingest: %s already handled", shown);
		decode_close(&df);
		rc = 0;
	} else if (decode_read_fd(&df, (size_t)in->max_bytes, &buf, &len,
	    &dr) == -1)
		rc = ingest_reject(in, &f, NULL, dr.reason, dr.detail);
	else {
		rc = ingest_content(in, name, &f, shown, buf, len);
		free(buf);
	}
	decode_clear(&dr);
	free(path);
	free(shown);
	return rc;
}

/* Hands files to the workers while they have room: twice their number, so
 * that each has its next document waiting while the last is stored. */
static void
ingest_work(evutil_socket_t fd, short what, void *arg)
{
	struct ingest	*in = arg;
	char		*name;
	size_t		 room = 2 * (size_t)pool_size(in->pool), n = 0;
	int		 rc;

	while (!in->stopping && in->inflight < room && n++ < INGEST_BATCH) {
		if ((name = ingest_pop(in)) == NULL)
			return;
		rc = ingest_one(in, name);
		if (rc == 1) {
			ingest_retry(in, name);
			free(name);
			return;
		}
		if (rc == 0)
			in->backoff = 0;
		free(name);
	}
	if (!in->stopping && in->inflight < room)
		ingest_schedule(in, 0);
}

struct ingest *
ingest_new(struct event_base *base, const char *dir, long max_bytes,
    struct store *store, struct publish *publish, struct pool *pool)
{
	struct ingest	*in = xcalloc(1, sizeof *in);

	in->base = base;
	in->dir = xstrdup(dir);
	in->max_bytes = max_bytes;
	in->store = store;
	in->publish = publish;
	in->pool = pool;
	in->queued = strmap_new();
	in->types = strmap_new();
	in->work = evtimer_new(base, ingest_work, in);
	in->flush = evtimer_new(base, ingest_flush_cb, in);
	in->ready = xcalloc(INGEST_GROUP_MAX, sizeof *in->ready);
	return in;
}

void
ingest_free(struct ingest *in)
{
	char	*name;
	size_t	 i;

	if (in == NULL)
		return;
	while ((name = ingest_pop(in)) != NULL)
		free(name);
	if (in->work != NULL)
		event_free(in->work);
	if (in->flush != NULL)
		event_free(in->flush);
	/* not stored: processed again at the next start */
	for (i = 0; i < in->nready; i++) {
		free(in->ready[i].json);
		ingest_job_free(in->ready[i].j);
	}
	free(in->ready);
	for (i = 0; i < in->ntypes; i++)
		free(in->type_name[i]);
	free(in->type_name);
	free(in->type_count);
	strmap_free(in->queued);
	strmap_free(in->types);
	free(in->queue);
	free(in->dir);
	free(in);
}

/* Takes no new documents; calls cb once those with workers are done. */
void
ingest_drain(struct ingest *in, void (*cb)(void *), void *arg)
{
	in->stopping = 1;
	in->drained = cb;
	in->drained_arg = arg;
	if (in->inflight == 0) {
		if (in->nready > 0)
			ingest_flush(in);	/* calls cb */
		else
			cb(arg);
	}
}

void
ingest_set_max_bytes(struct ingest *in, long max)
{
	in->max_bytes = max;
}

void
ingest_stats(struct ingest *in, struct ingest_stats *s)
{
	struct pool_stats ps;

	*s = in->stats;
	s->queued = in->count;
	s->inflight = in->inflight + in->nready;
	pool_stats(in->pool, &ps);
	s->workers = ps.workers;
	s->workers_started = ps.started;
	s->worker_crashes = ps.crashes;
	s->worker_timeouts = ps.timeouts;
	s->worker_retried = ps.retried;
}
