/*
 * What an extraction worker may do once its lexicon is loaded: read and
 * write the descriptors it has, manage memory, and exit. No open, no
 * sockets, no exec, no new processes; anything else kills it, and its
 * parent rejects the document it was working on.
 */
#include <sys/resource.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "raqib/xmalloc.h"
#include "sandbox.h"

/* Address space for one worker: the lexicon (~15 MB) and a 4 MB article's
 * structures fit many times over; a runaway allocation ends the worker. */
#define SANDBOX_MAX_AS	(2048UL * 1024 * 1024)

static const int sandbox_allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(close),
	/* malloc */
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise), SCMP_SYS(mprotect),
	/* glibc's qsort of more than 1 KB asks once how much memory the
	 * machine has (the fingerprint's shingles) */
	SCMP_SYS(sysinfo),
	/* ICU's and glibc's locks, clocks for logging */
	SCMP_SYS(futex), SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday),
	SCMP_SYS(getpid), SCMP_SYS(gettid),
	/* a crash reports and ends as a crash (abort, sanitizers) */
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(tgkill),
	SCMP_SYS(sigaltstack), SCMP_SYS(sched_yield),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
};

static int
sandbox_limits(char **cause)
{
	static const struct { int res; rlim_t max; const char *name; } l[] = {
		{ RLIMIT_NOFILE, 0, "RLIMIT_NOFILE" },
		{ RLIMIT_NPROC, 0, "RLIMIT_NPROC" },
		{ RLIMIT_FSIZE, 0, "RLIMIT_FSIZE" },
		{ RLIMIT_CORE, 0, "RLIMIT_CORE" },
#ifndef RAQIB_SANITIZE
		/* the sanitizers reserve terabytes of shadow memory */
		{ RLIMIT_AS, SANDBOX_MAX_AS, "RLIMIT_AS" },
#endif
	};
	struct rlimit	 rl;
	size_t		 i;

	for (i = 0; i < sizeof l / sizeof l[0]; i++) {
		rl.rlim_cur = rl.rlim_max = l[i].max;
		if (setrlimit(l[i].res, &rl) == -1) {
			xasprintf(cause, "setrlimit %s: %s", l[i].name,
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Sets the limits and loads the filter; returns 0, or -1 with *cause. */
int
sandbox_enter(char **cause)
{
	scmp_filter_ctx	 ctx;
	size_t		 i;
	int		 rc = -1, e;

	if (sandbox_limits(cause) == -1)
		return -1;
	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL) {
		xasprintf(cause, "seccomp_init failed");
		return -1;
	}
	for (i = 0; i < sizeof sandbox_allowed / sizeof sandbox_allowed[0];
	    i++)
		if ((e = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
		    sandbox_allowed[i], 0)) < 0) {
			xasprintf(cause, "seccomp_rule_add %d: %s",
			    sandbox_allowed[i], strerror(-e));
			goto out;
		}
	if ((e = seccomp_load(ctx)) < 0) {
		xasprintf(cause, "seccomp_load: %s", strerror(-e));
		goto out;
	}
	rc = 0;
out:
	seccomp_release(ctx);
	return rc;
}
