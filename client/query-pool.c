#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/jsonload.h"
#include "raqib/xmalloc.h"
#include "query-pool.h"

#define QUERY_POOL_PENDING	4	/* replies in hand: bounds memory */
#define QUERY_POOL_ARENA	(1 << 20)	/* one event's parsed JSON */

/*
 * A worker parses an event, formats it and drops it: jansson's many small
 * allocations come from a per-thread arena emptied after each event, which
 * halves the cost of malloc and free. Outside a worker, and past the arena,
 * the C library's.
 */
struct query_pool_arena {
	char		*base;
	size_t		 used;
};

static __thread struct query_pool_arena *query_pool_arena;

struct query_pool_job {
	zmq_msg_t	*ev;		/* raw raqib.event/1 frames */
	size_t		 n;
	char		*out;		/* the formatted events, back to back */
	size_t		 outlen, outcap;	/* out stays with its slot */
	size_t		*ends;		/* where each written event ends */
	size_t		 nends;
	long long	 skipped, bad;
	int		 taken, done;
};

struct query_pool {
	struct query_pool_ops	 ops;
	pthread_t		*threads;
	int			 nthreads;
	pthread_mutex_t		 lock;
	pthread_mutex_t		 serial;
	pthread_cond_t		 work, finished;
	struct query_pool_job	 jobs[QUERY_POOL_PENDING];
	size_t			 head, len;	/* a ring of jobs, in order */
	int			 stop, halted;
	long long		 seen, skipped, bad;
};

static void *
query_pool_jmalloc(size_t n)
{
	struct query_pool_arena *a = query_pool_arena;
	void	*v;

	n = (n + 15) & ~(size_t)15;
	if (a == NULL || n > QUERY_POOL_ARENA - a->used)
		return malloc(n);
	v = a->base + a->used;
	a->used += n;
	return v;
}

static void
query_pool_jfree(void *v)
{
	struct query_pool_arena *a = query_pool_arena;

	if (a != NULL && (char *)v >= a->base && (char *)v < a->base +
	    QUERY_POOL_ARENA)
		return;		/* emptied with the arena */
	free(v);
}

/*
 * The formatters' FILE appends to the job's buffer, unbuffered: not
 * open_memstream, which zeroes and copies each doubled buffer and gave
 * a new one, its pages faulted in anew, to every reply.
 */
static ssize_t
query_pool_write(void *cookie, const char *s, size_t n)
{
	struct query_pool_job *j = cookie;

	if (n > j->outcap - j->outlen) {
		while (n > j->outcap - j->outlen)
			j->outcap = j->outcap ? j->outcap * 2 : 1 << 16;
		j->out = xreallocarray(j->out, j->outcap, 1);
	}
	memcpy(j->out + j->outlen, s, n);
	j->outlen += n;
	return (ssize_t)n;
}

static void
query_pool_run(struct query_pool *p, struct query_pool_job *j)
{
	cookie_io_functions_t io = { NULL, query_pool_write, NULL, NULL };
	json_t		*ev;
	FILE		*f;
	const char	*data;
	size_t		 i, len;
	int		 ok;

	if ((f = fopencookie(j, "w", io)) == NULL)
		abort();	/* out of memory, as xmalloc would */
	setvbuf(f, NULL, _IONBF, 0);
	j->ends = xreallocarray(NULL, j->n + 1, sizeof *j->ends);
	for (i = 0; i < j->n; i++) {
		if (query_pool_arena != NULL)
			query_pool_arena->used = 0;	/* the last event is gone */
		data = zmq_msg_data(&j->ev[i]);
		len = zmq_msg_size(&j->ev[i]);
		ev = p->ops.raw ? NULL : jsonload(data, len);
		if (ev == NULL && !p->ops.raw) {
			zmq_msg_close(&j->ev[i]);
			j->bad++;
			continue;
		}
		if (p->ops.serial)
			pthread_mutex_lock(&p->serial);
		ok = p->ops.raw || p->ops.match(p->ops.arg, ev) ?
		    p->ops.format(p->ops.arg, ev, data, len, f) : -1;
		if (p->ops.serial)
			pthread_mutex_unlock(&p->serial);
		json_decref(ev);
		zmq_msg_close(&j->ev[i]);
		if (ok == 0)
			j->skipped++;
		if (ok == 1)
			j->ends[j->nends++] = j->outlen;
	}
	fclose(f);
	free(j->ev);
	j->ev = NULL;
}

/* A slot emptied for the next reply, keeping its buffer. */
static void
query_pool_reset(struct query_pool_job *j)
{
	char	*out = j->out;
	size_t	 cap = j->outcap;

	memset(j, 0, sizeof *j);
	j->out = out;
	j->outcap = cap;
}

static void *
query_pool_worker(void *arg)
{
	struct query_pool	*p = arg;
	struct query_pool_job	*j;
	struct query_pool_arena	 a;
	size_t			 i;

	a.base = xmalloc(QUERY_POOL_ARENA);
	a.used = 0;
	query_pool_arena = &a;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (j = NULL, i = 0; i < p->len && j == NULL; i++)
			if (!p->jobs[(p->head + i) % QUERY_POOL_PENDING].taken)
				j = &p->jobs[(p->head + i) % QUERY_POOL_PENDING];
		if (j == NULL) {
			if (p->stop)
				break;
			pthread_cond_wait(&p->work, &p->lock);
			continue;
		}
		j->taken = 1;
		pthread_mutex_unlock(&p->lock);
		query_pool_run(p, j);
		pthread_mutex_lock(&p->lock);
		j->done = 1;
		pthread_cond_broadcast(&p->finished);
	}
	pthread_mutex_unlock(&p->lock);
	query_pool_arena = NULL;
	free(a.base);
	return NULL;
}

struct query_pool *
query_pool_new(int nthreads, const struct query_pool_ops *ops)
{
	struct query_pool	*p = xcalloc(1, sizeof *p);
	int			 i;

	p->ops = *ops;
	json_set_alloc_funcs(query_pool_jmalloc, query_pool_jfree);
	pthread_mutex_init(&p->lock, NULL);
	pthread_mutex_init(&p->serial, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->finished, NULL);
	p->threads = xcalloc((size_t)nthreads, sizeof *p->threads);
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&p->threads[i], NULL, query_pool_worker, p) !=
		    0)
			break;
		p->nthreads++;
	}
	if (p->nthreads == 0) {
		fprintf(stderr, "raqib: cannot start a thread\n");
		exit(1);
	}
	return p;
}

/* Writes the finished jobs at the head, in order; with wait, waits for
 * the oldest. 0 once emit said stop. */
int
query_pool_drain(struct query_pool *p, int wait)
{
	struct query_pool_job	*j;
	size_t			 k, from;

	pthread_mutex_lock(&p->lock);
	while (p->len > 0) {
		j = &p->jobs[p->head];
		if (!j->done) {
			if (!wait)
				break;
			pthread_cond_wait(&p->finished, &p->lock);
			continue;
		}
		pthread_mutex_unlock(&p->lock);
		for (k = 0, from = 0; k < j->nends && !p->halted; k++) {
			if (!p->ops.emit(p->ops.arg, j->out + from, j->ends[k] -
			    from))
				p->halted = 1;
			from = j->ends[k];
		}
		p->skipped += j->skipped;
		p->bad += j->bad;
		p->seen += (long long)j->n;
		free(j->ends);
		pthread_mutex_lock(&p->lock);
		query_pool_reset(j);
		p->head = (p->head + 1) % QUERY_POOL_PENDING;
		p->len--;
		pthread_cond_broadcast(&p->finished);
	}
	pthread_mutex_unlock(&p->lock);
	return !p->halted;
}

/* Hands over n frames (the array too); waits while the ring is full. */
void
query_pool_push(struct query_pool *p, zmq_msg_t *ev, size_t n)
{
	struct query_pool_job *j;

	while (p->len == QUERY_POOL_PENDING)
		query_pool_drain(p, 1);
	pthread_mutex_lock(&p->lock);
	j = &p->jobs[(p->head + p->len) % QUERY_POOL_PENDING];
	query_pool_reset(j);
	j->ev = ev;
	j->n = n;
	p->len++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void
query_pool_counts(struct query_pool *p, long long *seen, long long *skipped,
    long long *bad)
{
	*seen = p->seen;
	*skipped = p->skipped;
	*bad = p->bad;
}

void
query_pool_free(struct query_pool *p)
{
	int	i;

	if (p == NULL)
		return;
	query_pool_drain(p, 1);
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	for (i = 0; i < QUERY_POOL_PENDING; i++)
		free(p->jobs[i].out);
	free(p->threads);
	pthread_mutex_destroy(&p->lock);
	pthread_mutex_destroy(&p->serial);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->finished);
	free(p);
}
