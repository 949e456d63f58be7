/*
 * The extraction workers, from the parent's side. Each worker is raqibd
 * itself started again with -X: it loads the lexicon, enters its sandbox
 * and extracts one document per frame. The parent keeps the queue: a job
 * whose worker dies or runs past timeout_ms is tried once more in a fresh
 * worker, then given up with a reason. Workers of an older lexicon finish
 * the job in hand and are replaced.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "raqib/extract.h"
#include "raqib/fingerprint.h"
#include "raqib/log.h"
#include "raqib/reasons.h"
#include "raqib/xmalloc.h"
#include "frame.h"
#include "pool.h"
#include "worker.h"

#define POOL_TRIES		2	/* a document gets a second worker */
#define POOL_START_MS		60000	/* to load the lexicon */
#define POOL_BACKOFF_MIN	100	/* ms, after a worker failed to start */
#define POOL_BACKOFF_MAX	30000

extern char **environ;

struct pool_job {
	TAILQ_ENTRY(pool_job) entry;
	char		*req;		/* FRAME_EXTRACT and its fields */
	size_t		 len;
	char		*name;		/* for the log */
	int		 tries;
	pool_done_cb	 cb;
	void		*arg;
};

enum { W_STARTING, W_IDLE, W_BUSY };

struct pool_worker {
	TAILQ_ENTRY(pool_worker) entry;
	struct pool	*p;
	pid_t		 pid;
	struct bufferevent *bev;
	struct event	*timer;
	int		 state;
	int		 gen;		/* the lexicon it loaded */
	int		 timed_out;
	struct pool_job	*job;
	struct timespec	 sent;
};

struct pool {
	struct event_base *base;
	char		*self;		/* this program, to start as a worker */
	char		*lexicon;
	int		 n;
	long		 timeout_ms;
	int		 debug;
	int		 gen;
	int		 failures;	/* workers in a row that did not start */
	struct event	*respawn;
	TAILQ_HEAD(, pool_worker) workers;
	TAILQ_HEAD(, pool_job) pending;
	struct pool_stats stats;
};

static void	pool_top_up(struct pool *);
static void	pool_dispatch(struct pool *);

static double
pool_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
pool_job_free(struct pool_job *j)
{
	free(j->req);
	free(j->name);
	free(j);
}

/* How a worker ended, for the log and the rejection's detail. */
static char *
pool_status(int st, int timed_out, long timeout_ms)
{
	char	*s;

	if (timed_out)
		xasprintf(&s, "no answer within %ld ms", timeout_ms);
	else if (WIFSIGNALED(st))
		xasprintf(&s, "worker killed by signal %d (%s)", WTERMSIG(st),
		    strsignal(WTERMSIG(st)));
	else if (WIFEXITED(st))
		xasprintf(&s, "worker exited with status %d", WEXITSTATUS(st));
	else
		s = xstrdup("worker lost");
	return s;
}

/* Stops a worker for good and reaps it; returns its wait status. */
static int
pool_reap(struct pool_worker *w)
{
	int	st = 0;

	kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &st, 0) == -1 && errno == EINTR)
		;
	TAILQ_REMOVE(&w->p->workers, w, entry);
	bufferevent_free(w->bev);
	event_free(w->timer);
	return st;
}

/* A worker died, timed out, broke the protocol or could not start. */
static void
pool_lost(struct pool_worker *w, const char *why)
{
	struct pool	*p = w->p;
	struct pool_job	*j = w->job;
	const char	*reason;
	char		*detail;
	int		 st, started = w->state != W_STARTING;

	st = pool_reap(w);
	detail = why != NULL ? xstrdup(why) : pool_status(st, w->timed_out,
	    p->timeout_ms);
	if (!started) {
		log_warnx("extract worker %ld did not start: %s", (long)w->pid,
		    detail);
		p->failures++;
	}
	if (j != NULL) {
		reason = w->timed_out ? REASON_EXTRACT_TIMEOUT :
		    REASON_EXTRACT_CRASHED;
		if (w->timed_out)
			p->stats.timeouts++;
		else
			p->stats.crashes++;
		j->tries++;
		log_warnx("extract worker %ld on %s: %s (attempt %d of %d)",
		    (long)w->pid, j->name, detail, j->tries, POOL_TRIES);
		if (j->tries < POOL_TRIES) {
			p->stats.retried++;
			TAILQ_INSERT_HEAD(&p->pending, j, entry);
		} else {
			struct pool_result r = { NULL, NULL, 0, reason, detail,
			    pool_since(&w->sent) };

			j->cb(j->arg, &r);
			pool_job_free(j);
		}
	} else if (started)
		log_warnx("extract worker %ld lost while idle: %s",
		    (long)w->pid, detail);
	free(detail);
	free(w);
	pool_top_up(p);
	pool_dispatch(p);
}

static void
pool_result(struct pool_worker *w, char kind, char *data, size_t len)
{
	struct pool	*p = w->p;
	struct pool_job	*j = w->job;
	struct pool_result r = { NULL, NULL, 0, NULL, NULL,
	    pool_since(&w->sent) };

	evtimer_del(w->timer);
	w->job = NULL;
	w->state = W_IDLE;
	/* an old lexicon's worker is done once its job is */
	if (w->gen != p->gen) {
		pool_reap(w);
		free(w);
		pool_top_up(p);
	}
	/* the next job first, so that the worker works while we store */
	pool_dispatch(p);
	/* read by the caller when it stores it */
	if (kind == FRAME_RESULT && len >= FINGERPRINT_PACKED) {
		r.print = (const unsigned char *)data;
		r.json = data + FINGERPRINT_PACKED;
		r.len = len - FINGERPRINT_PACKED;
	} else {
		r.reason = REASON_EXTRACT_FAILED;
		r.detail = "the engine gave no answer";
	}
	j->cb(j->arg, &r);
	pool_job_free(j);
}

/* One frame from a worker; returns -1 when the worker is gone. */
static int
pool_frame(struct pool_worker *w, char *data, size_t len)
{
	char	kind = len > 0 ? data[0] : 0;

	if (kind == FRAME_READY && w->state == W_STARTING) {
		w->state = W_IDLE;
		w->p->failures = 0;
		evtimer_del(w->timer);
		log_debug("extract worker %ld ready", (long)w->pid);
		pool_dispatch(w->p);
		return 0;
	}
	if (kind == FRAME_ERROR) {
		pool_lost(w, data + 1);
		return -1;
	}
	if ((kind == FRAME_RESULT || kind == FRAME_FAILED) &&
	    w->state == W_BUSY) {
		pool_result(w, kind, data + 1, len - 1);
		return -1;	/* w may be gone: read on at the next event */
	}
	pool_lost(w, "protocol error");
	return -1;
}

static void
pool_read(struct bufferevent *bev, void *arg)
{
	struct pool_worker *w = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	unsigned char	 h[FRAME_HEADER];
	char		*data;
	size_t		 len;
	int		 rc;

	while (evbuffer_copyout(in, h, sizeof h) == sizeof h) {
		if ((len = frame_length(h)) > FRAME_MAX || len == 0) {
			pool_lost(w, "protocol error");
			return;
		}
		if (evbuffer_get_length(in) < sizeof h + len)
			return;
		evbuffer_drain(in, sizeof h);
		data = xmalloc(len + 1);
		evbuffer_remove(in, data, len);
		data[len] = '\0';
		rc = pool_frame(w, data, len);
		free(data);
		if (rc == -1) {
			/* a worker still alive may have sent more */
			return;
		}
	}
}

static void
pool_event(struct bufferevent *bev, short what, void *arg)
{
	pool_lost(arg, NULL);
}

static void
pool_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct pool_worker *w = arg;

	if (w->state == W_BUSY)
		w->timed_out = 1;
	pool_lost(w, w->state == W_STARTING ? "no answer while loading the "
	    "lexicon" : NULL);
}

#ifdef RAQIB_SANITIZE
/* A worker killed with SIGSEGV on purpose (the tests) dies of it, instead of
 * AddressSanitizer reporting it as a bug found in raqibd. */
static char **
pool_environ(void)
{
	static char	**env, *asan;
	const char	 *old = getenv("ASAN_OPTIONS");
	size_t		  i, n = 0;

	if (env != NULL)
		return env;
	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof *env);
	xasprintf(&asan, "ASAN_OPTIONS=%s%shandle_segv=0", old ? old : "",
	    old && *old ? ":" : "");
	env[0] = asan;
	for (i = 0, n = 1; environ[i] != NULL; i++)
		if (strncmp(environ[i], "ASAN_OPTIONS=", 13) != 0)
			env[n++] = environ[i];
	return env;
}
#else
static char **
pool_environ(void)
{
	return environ;
}
#endif

static int
pool_spawn(struct pool *p)
{
	posix_spawn_file_actions_t fa;
	struct pool_worker *w;
	struct timeval	 tv = { POOL_START_MS / 1000, 0 };
	char		*argv[5];
	pid_t		 pid;
	int		 sv[2], child, e, n = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("extract worker: socketpair");
		return -1;
	}
	/* above WORKER_FD, so that dup2 always makes a new, inherited fd */
	child = fcntl(sv[1], F_DUPFD_CLOEXEC, WORKER_FD + 1);
	close(sv[1]);
	if (child == -1) {
		log_warn("extract worker: fcntl");
		close(sv[0]);
		return -1;
	}
	argv[n++] = p->self;
	if (p->debug)
		argv[n++] = "-d";
	argv[n++] = "-X";
	argv[n++] = p->lexicon;
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, child, WORKER_FD);
	posix_spawn_file_actions_addclosefrom_np(&fa, WORKER_FD + 1);
	e = posix_spawn(&pid, p->self, &fa, NULL, argv, pool_environ());
	posix_spawn_file_actions_destroy(&fa);
	close(child);
	if (e != 0) {
		log_warnx("extract worker: %s: %s", p->self, strerror(e));
		close(sv[0]);
		return -1;
	}
	w = xcalloc(1, sizeof *w);
	w->p = p;
	w->pid = pid;
	w->gen = p->gen;
	w->state = W_STARTING;
	evutil_make_socket_nonblocking(sv[0]);
	w->bev = bufferevent_socket_new(p->base, sv[0], BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(w->bev, pool_read, NULL, pool_event, w);
	bufferevent_enable(w->bev, EV_READ);
	w->timer = evtimer_new(p->base, pool_timeout, w);
	evtimer_add(w->timer, &tv);
	TAILQ_INSERT_TAIL(&p->workers, w, entry);
	p->stats.started++;
	return 0;
}

static void
pool_respawn(evutil_socket_t fd, short what, void *arg)
{
	struct pool	*p = arg;
	struct pool_worker *w;
	int		 n = 0;

	TAILQ_FOREACH(w, &p->workers, entry)
		if (w->gen == p->gen)
			n++;
	for (; n < p->n; n++)
		if (pool_spawn(p) == -1) {
			p->failures++;
			pool_top_up(p);
			return;
		}
}

/* Starts workers up to the count; after failures to start, waits first so
 * that a broken lexicon or binary cannot make a fork loop. */
static void
pool_top_up(struct pool *p)
{
	struct timeval	 tv;
	long		 ms;
	int		 i;

	if (evtimer_pending(p->respawn, NULL))
		return;
	if (p->failures == 0) {
		pool_respawn(-1, 0, p);
		return;
	}
	ms = POOL_BACKOFF_MIN;
	for (i = 1; i < p->failures && ms < POOL_BACKOFF_MAX; i++)
		ms *= 2;
	if (ms > POOL_BACKOFF_MAX)
		ms = POOL_BACKOFF_MAX;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(p->respawn, &tv);
}

/* Each job to the idle worker that has waited longest: round robin, so that
 * every worker takes its turn. */
static void
pool_dispatch(struct pool *p)
{
	struct pool_worker *w;
	struct pool_job	*j;
	struct timeval	 tv = { p->timeout_ms / 1000,
	    (p->timeout_ms % 1000) * 1000 };
	unsigned char	 h[FRAME_HEADER];

	while ((j = TAILQ_FIRST(&p->pending)) != NULL) {
		TAILQ_FOREACH(w, &p->workers, entry)
			if (w->state == W_IDLE && w->gen == p->gen)
				break;
		if (w == NULL)
			return;
		TAILQ_REMOVE(&p->pending, j, entry);
		TAILQ_REMOVE(&p->workers, w, entry);
		TAILQ_INSERT_TAIL(&p->workers, w, entry);
		w->job = j;
		w->state = W_BUSY;
		w->timed_out = 0;
		frame_header(h, j->len);
		bufferevent_write(w->bev, h, sizeof h);
		bufferevent_write(w->bev, j->req, j->len);
		clock_gettime(CLOCK_MONOTONIC, &w->sent);
		evtimer_add(w->timer, &tv);
	}
}

/* Queues a document; cb is called once, from the event loop. */
void
pool_submit(struct pool *p, const struct extract_doc *info, const char *text,
    size_t len, pool_done_cb cb, void *arg)
{
	struct pool_job	*j = xcalloc(1, sizeof *j);
	const char	*f[3] = { info->path, info->sha256, info->encoding };
	size_t		 i, o = 1, fl[3];

	j->len = 1 + len;
	for (i = 0; i < 3; i++) {
		fl[i] = f[i] != NULL ? strlen(f[i]) : 0;
		j->len += fl[i] + 1;
	}
	j->req = xmalloc(j->len);
	j->req[0] = FRAME_EXTRACT;
	for (i = 0; i < 3; i++) {
		memcpy(j->req + o, f[i] != NULL ? f[i] : "", fl[i]);
		o += fl[i];
		j->req[o++] = '\0';
	}
	memcpy(j->req + o, text, len);
	j->name = xstrdup(info->path != NULL ? info->path : "?");
	j->cb = cb;
	j->arg = arg;
	TAILQ_INSERT_TAIL(&p->pending, j, entry);
	pool_dispatch(p);
}

/*
 * Starts n workers on the lexicon in dir, each given timeout_ms per
 * document. Returns NULL with *cause if this program cannot be found.
 */
struct pool *
pool_new(struct event_base *base, const char *dir, int n, long timeout_ms,
    int debug, char **cause)
{
	struct pool	*p;
	char		 self[PATH_MAX];
	ssize_t		 r;

	/* the binary as started, even if it is replaced on disk later */
	if ((r = readlink("/proc/self/exe", self, sizeof self - 1)) == -1) {
		xasprintf(cause, "/proc/self/exe: %s", strerror(errno));
		return NULL;
	}
	self[r] = '\0';
	p = xcalloc(1, sizeof *p);
	p->base = base;
	p->self = xstrdup(self);
	p->lexicon = xstrdup(dir);
	p->n = n;
	p->timeout_ms = timeout_ms;
	p->debug = debug;
	TAILQ_INIT(&p->workers);
	TAILQ_INIT(&p->pending);
	p->respawn = evtimer_new(base, pool_respawn, p);
	pool_top_up(p);
	return p;
}

/* New workers on a new lexicon; jobs in hand finish on the old ones. */
void
pool_reload(struct pool *p, const char *dir, int n, long timeout_ms)
{
	struct pool_worker *w, *next;

	free(p->lexicon);
	p->lexicon = xstrdup(dir);
	p->n = n;
	p->timeout_ms = timeout_ms;
	p->gen++;
	p->failures = 0;
	evtimer_del(p->respawn);
	for (w = TAILQ_FIRST(&p->workers); w != NULL; w = next) {
		next = TAILQ_NEXT(w, entry);
		if (w->state != W_BUSY) {
			pool_reap(w);
			free(w);
		}
	}
	pool_top_up(p);
}

/* Stops every worker; jobs not done are handed back cancelled. */
void
pool_free(struct pool *p)
{
	struct pool_worker *w;
	struct pool_job	*j;

	if (p == NULL)
		return;
	while ((w = TAILQ_FIRST(&p->workers)) != NULL) {
		pool_reap(w);
		if ((j = w->job) != NULL)
			TAILQ_INSERT_TAIL(&p->pending, j, entry);
		free(w);
	}
	while ((j = TAILQ_FIRST(&p->pending)) != NULL) {
		struct pool_result r = { NULL, NULL, 0, NULL, NULL, 0 };

		TAILQ_REMOVE(&p->pending, j, entry);
		j->cb(j->arg, &r);
		pool_job_free(j);
	}
	event_free(p->respawn);
	free(p->lexicon);
	free(p->self);
	free(p);
}

int
pool_size(struct pool *p)
{
	return p->n;
}

void
pool_stats(struct pool *p, struct pool_stats *s)
{
	struct pool_worker *w;

	*s = p->stats;
	s->workers = 0;
	TAILQ_FOREACH(w, &p->workers, entry)
		if (w->state != W_STARTING)
			s->workers++;
}
