/*
 * --exec CMD: runs CMD with /bin/sh -c once per event, the event's JSON on
 * its standard input and its topic, type, place, seq and summary in its
 * environment. The event never goes into the command line, so nothing an
 * article says can become shell syntax.
 *
 * A command that fails is the command's problem: it is logged and the
 * stream goes on, or one broken script would stop every alert. Only a
 * command that cannot be started at all (no /bin/sh, no processes left)
 * holds the stream, to be retried.
 */
#include <sys/signalfd.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "raqib/monotime.h"
#include "raqib/xmalloc.h"
#include "render.h"
#include "sink.h"

#define EXEC_TIMEOUT	30.0	/* seconds a command may run */
#define EXEC_GRACE	5.0	/* seconds between SIGTERM and SIGKILL */
#define EXEC_BATCH	16

extern char **environ;

struct sink_exec {
	char	*cmd;
	double	 timeout;
};

/* How one run ended. */
struct sink_exec_run {
	int	 status;	/* from waitpid */
	int	 timed_out;
	int	 stop;		/* SIGINT or SIGTERM came for us meanwhile */
};

static const char *sink_exec_vars[] = { "RAQIB_TOPIC", "RAQIB_TYPE",
    "RAQIB_COUNTRY", "RAQIB_ADMIN1", "RAQIB_SEQ", "RAQIB_STORY",
    "RAQIB_SUMMARY" };
#define EXEC_NVARS (sizeof sink_exec_vars / sizeof sink_exec_vars[0])

/* Our environment without the variables we set, then ours for EV. */
static char **
sink_exec_env(struct sink *s, json_t *ev)
{
	char	**env, cc[16], admin1[64], *sum;
	size_t	 n, i, k, len;
	json_t	*story = json_object_get(ev, "story");

	for (n = 0; environ[n] != NULL; n++)
		;
	env = xreallocarray(NULL, n + EXEC_NVARS + 1, sizeof *env);
	for (i = n = 0; environ[i] != NULL; i++) {
		for (k = 0; k < EXEC_NVARS; k++) {
			len = strlen(sink_exec_vars[k]);
			if (strncmp(environ[i], sink_exec_vars[k], len) == 0 &&
			    environ[i][len] == '=')
				break;
		}
		if (k == EXEC_NVARS)
			env[n++] = xstrdup(environ[i]);
	}
	render_topic_place(ev, cc, sizeof cc, admin1, sizeof admin1);
	sum = render_summary(s->ex, ev, s->render.isolate);
	xasprintf(&env[n++], "RAQIB_TOPIC=%s", render_str(ev, "topic"));
	xasprintf(&env[n++], "RAQIB_TYPE=%s", render_str(ev, "type"));
	xasprintf(&env[n++], "RAQIB_COUNTRY=%s", cc);
	xasprintf(&env[n++], "RAQIB_ADMIN1=%s", admin1);
	xasprintf(&env[n++], "RAQIB_SEQ=%lld", (long long)json_integer_value(
	    json_object_get(ev, "seq")));
	xasprintf(&env[n++], "RAQIB_STORY=%lld", (long long)json_integer_value(
	    json_object_get(story, "id")));
	xasprintf(&env[n++], "RAQIB_SUMMARY=%s", sum);
	env[n] = NULL;
	free(sum);
	return env;
}

static void
sink_exec_env_free(char **env)
{
	size_t	i;

	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/*
 * Starts the command in a process group of its own, so that a timeout
 * reaches whatever it started too, with default signal handling (we
 * ignore SIGPIPE and block others; a shell pipeline must not inherit
 * that) and its standard output on our standard error: raqib's own output
 * (--json lines) stays clean, and under systemd both go to the journal.
 */
static int
sink_exec_spawn(struct sink_exec *e, char **env, int in, pid_t *pid,
    char **cause)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none, dfl;
	char				*argv[] = { "sh", "-c", e->cmd, NULL };
	int				 rc;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGCHLD);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	/* not our sockets: libcurl's are not all close-on-exec */
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	rc = posix_spawn(pid, "/bin/sh", &fa, &at, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		xasprintf(cause, "cannot run /bin/sh: %s", strerror(rc));
		return -1;
	}
	return 0;
}

/*
 * Feeds the event to the command and waits for it, at most the timeout:
 * then SIGTERM to its group, and SIGKILL if it is still there after a
 * grace period. Signals arrive on SFD: SIGCHLD when it ends, SIGINT or
 * SIGTERM when we are asked to stop, which the command is asked too.
 */
static void
sink_exec_wait(struct sink_exec *e, int sfd, pid_t pid, int out,
    const char *data, size_t len, struct sink_exec_run *r)
{
	struct signalfd_siginfo	 si;
	struct pollfd		 pfd[2];
	double			 deadline = monotime_now() + e->timeout, left;
	size_t			 off = 0;
	ssize_t			 w;
	int			 termed = 0, nfd;

	for (;;) {
		if (waitpid(pid, &r->status, WNOHANG) == pid)
			break;
		if ((left = deadline - monotime_now()) <= 0) {
			if (termed) {
				kill(-pid, SIGKILL);
				waitpid(pid, &r->status, 0);
				break;
			}
			if (!r->stop)
				r->timed_out = 1;
			kill(-pid, SIGTERM);
			termed = 1;
			deadline = monotime_now() + EXEC_GRACE;
			continue;
		}
		pfd[0].fd = sfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = out;
		pfd[1].events = POLLOUT;
		nfd = out != -1 ? 2 : 1;
		if (poll(pfd, (nfds_t)nfd, (int)(left * 1000) + 1) == -1 &&
		    errno != EINTR) {
			/* cannot wait with a limit: end it, not hang */
			kill(-pid, SIGKILL);
			waitpid(pid, &r->status, 0);
			break;
		}
		if (pfd[0].revents & POLLIN) {
			while (read(sfd, &si, sizeof si) == sizeof si) {
				if ((si.ssi_signo == SIGINT ||
				    si.ssi_signo == SIGTERM) && !r->stop) {
					r->stop = (int)si.ssi_signo;
					if (!termed) {
						kill(-pid, SIGTERM);
						termed = 1;
						deadline = monotime_now() +
						    EXEC_GRACE;
					}
				}
			}
		}
		if (out != -1 && (pfd[1].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			w = write(out, data + off, len - off);
			if (w > 0)
				off += (size_t)w;
			/* done, or the command does not read it: fine */
			if (off == len || (w == -1 && errno != EAGAIN &&
			    errno != EINTR)) {
				close(out);
				out = -1;
			}
		}
	}
	if (out != -1)
		close(out);
}

static void
sink_exec_report(json_t *ev, struct sink_exec *e, struct sink_exec_run *r)
{
	long long	seq = (long long)json_integer_value(json_object_get(ev,
			    "seq"));
	int		st = r->status;

	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	if (WIFEXITED(st))
		fprintf(stderr, "raqib: exec: seq %lld: command exited with "
		    "status %d%s\n", seq, WEXITSTATUS(st), WEXITSTATUS(st) ==
		    127 ? " (command not found?)" : "");
	else if (WIFSIGNALED(st))
		fprintf(stderr, "raqib: exec: seq %lld: command killed by "
		    "signal %d (%s)%s\n", seq, WTERMSIG(st),
		    strsignal(WTERMSIG(st)), r->timed_out ?
		    ", over its time limit" : r->stop ? ", raqib is stopping" :
		    "");
	if (r->timed_out && !(WIFSIGNALED(st)))
		fprintf(stderr, "raqib: exec: seq %lld: command ran over its "
		    "time limit of %.0f s\n", seq, e->timeout);
}

/* A stop request waiting on SFD, or 0. */
static int
sink_exec_pending_stop(int sfd)
{
	struct signalfd_siginfo	 si;
	int			 stop = 0;

	while (read(sfd, &si, sizeof si) == sizeof si)
		if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM)
			stop = (int)si.ssi_signo;
	return stop;
}

/* Runs the command for one event: 0 when it ran (whatever its exit
 * status), -1 when it could not be started. */
static int
sink_exec_one(struct sink *s, int sfd, json_t *ev, struct sink_exec_run *r,
    char **cause)
{
	struct sink_exec	*e = s->arg;
	char			**env, *data;
	int			 p[2];
	pid_t			 pid;
	int			 rc = -1;

	memset(r, 0, sizeof *r);
	data = json_dumps(ev, JSON_COMPACT);
	if (pipe2(p, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		free(data);
		return -1;
	}
	env = sink_exec_env(s, ev);
	if (sink_exec_spawn(e, env, p[0], &pid, cause) == -1) {
		close(p[1]);
		goto out;
	}
	fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
	/* one line of JSON, as --json prints it */
	data = xreallocarray(data, strlen(data) + 2, 1);
	strcat(data, "\n");
	sink_exec_wait(e, sfd, pid, p[1], data, strlen(data), r);
	sink_exec_report(ev, e, r);
	rc = 0;
out:
	close(p[0]);
	sink_exec_env_free(env);
	free(data);
	return rc;
}

/*
 * While commands run, SIGCHLD, SIGINT and SIGTERM are blocked and read
 * from a signalfd: that is how we wait for a child with a timeout without
 * a handler of our own. A stop request is handed back to the subscriber's
 * handler by raising it again once they are unblocked.
 *
 * Events run one after another. When we stop (a signal, or a command
 * that cannot start) part way through a batch, sent_upto is moved to the
 * last event whose command ran: the subscriber resumes after it and does
 * not run the others twice.
 */
static int
sink_exec_deliver(struct sink *s, json_t **ev, size_t n, char **cause)
{
	struct sink_exec_run	 r;
	sigset_t		 set, old;
	size_t			 i;
	int			 sfd, stop = 0, rc = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, &old) == -1 ||
	    (sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1) {
		xasprintf(cause, "signalfd: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((stop = sink_exec_pending_stop(sfd)) != 0) {
			xasprintf(cause, "stopping");
			rc = -1;
			break;
		}
		if (sink_exec_one(s, sfd, ev[i], &r, cause) == -1) {
			rc = -1;
			break;
		}
		if ((stop = r.stop) != 0) {
			/* stopped part way: run it again next time */
			xasprintf(cause, "seq %lld: interrupted",
			    (long long)json_integer_value(json_object_get(ev[i],
			    "seq")));
			rc = -1;
			break;
		}
	}
	if (rc == -1 && i > 0)
		s->sent_upto = json_integer_value(json_object_get(ev[i - 1],
		    "seq"));
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (stop != 0)
		raise(stop);
	return rc;
}

static void
sink_exec_free(struct sink *s)
{
	struct sink_exec	*e = s->arg;

	free(e->cmd);
	free(e);
}

/*
 * The time limit is 30 seconds; RAQIB_EXEC_TIMEOUT (seconds) changes it.
 */
struct sink *
sink_exec(struct extract *ex, const char *cmd)
{
	struct sink		*s = xcalloc(1, sizeof *s);
	struct sink_exec	*e = xcalloc(1, sizeof *e);
	const char		*t = getenv("RAQIB_EXEC_TIMEOUT");
	char			*end;
	double			 v;

	e->cmd = xstrdup(cmd);
	e->timeout = EXEC_TIMEOUT;
	if (t != NULL && *t != '\0') {
		v = strtod(t, &end);
		if (*end == '\0' && v > 0 && v < 86400)
			e->timeout = v;
		else
			fprintf(stderr, "raqib: RAQIB_EXEC_TIMEOUT \"%s\" is "
			    "not a number of seconds; using %.0f\n", t,
			    EXEC_TIMEOUT);
	}
	s->name = "exec";
	s->deliver = sink_exec_deliver;
	s->free = sink_exec_free;
	s->arg = e;
	s->ex = ex;
	s->batch_max = EXEC_BATCH;
	s->slow = 1;
	return s;
}
