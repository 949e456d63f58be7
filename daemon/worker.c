/*
 * The extraction worker's side: load the lexicon, warm the engine, enter
 * the sandbox, then answer one frame with one frame until the parent
 * closes the socket. Untrusted text is parsed only here.
 */
#include <sys/prctl.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "raqib/fingerprint.h"
#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "frame.h"
#include "sandbox.h"
#include "worker.h"

/* Run once before the sandbox: whatever ICU, jansson (its hash seed reads
 * /dev/urandom) and the engine set up lazily is set up here. */
static const char worker_warm[] = "قتل خمسة جنود ماليين على الأقل في هجوم "
    "على قاعدة قرب كيدال يوم الثلاثاء 25 تموز، وفق ما أعلن الجيش.";

#ifdef RAQIB_TEST_HOOKS
/* Test-only: documents that crash or hang every worker, or make one ask
 * for a forbidden system call. Never compiled into an installed build. */
static void
worker_test_hooks(const char *text)
{
	if (strstr(text, "RAQIB-TEST-CRASH") != NULL)
		raise(SIGSEGV);
	if (strstr(text, "RAQIB-TEST-HANG") != NULL)
		for (;;)
			;
	if (strstr(text, "RAQIB-TEST-OPEN") != NULL)
		fopen("/etc/passwd", "r");
}
#endif

/* One request: "path\0sha256\0encoding\0text"; empty fields are NULL. */
static int
worker_one(int fd, struct extract *ex, char *req, size_t len)
{
	struct extract_doc info;
	struct fingerprint fp;
	unsigned char	 print[FINGERPRINT_PACKED];
	const char	*field[3];
	char		*p = req + 1, *end = req + len, *z, *out;
	json_t		*x;
	size_t		 i;
	int		 rc;

	if (len < 1 || req[0] != FRAME_EXTRACT)
		return -1;
	for (i = 0; i < 3; i++) {
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			return -1;
		field[i] = *p != '\0' ? p : NULL;
		p = z + 1;
	}
	info.path = field[0];
	info.sha256 = field[1];
	info.encoding = field[2];
#ifdef RAQIB_TEST_HOOKS
	worker_test_hooks(p);
#endif
	if ((x = extract_run(ex, p, (size_t)(end - p), &info)) == NULL)
		return frame_write(fd, FRAME_FAILED, NULL, 0);
	out = json_dumps(x, JSON_COMPACT);
	json_decref(x);
	if (out == NULL)
		return frame_write(fd, FRAME_FAILED, NULL, 0);
	/* the text's fingerprint too: parsed here, not in raqibd */
	fingerprint_make(p, (size_t)(end - p), &fp);
	fingerprint_pack(&fp, print);
	rc = frame_write2(fd, FRAME_RESULT, print, sizeof print, out,
	    strlen(out));
	free(out);
	return rc;
}

/* Never returns: exits 0 when the parent closes the socket. _exit skips
 * the leak checker, which would need ptrace. */
int
worker_main(int fd, const char *lexicon, int level)
{
	struct extract	*ex;
	json_t		*x;
	struct fingerprint fp;
	char		*cause = NULL, *req, pid[32];
	size_t		 len;
	int		 rc;

	log_init("raqibd worker", level);
	signal(SIGPIPE, SIG_IGN);
	/* a worker lost in a loop must not outlive a parent killed with -9 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(1);
	if ((ex = extract_new(lexicon, &cause)) == NULL) {
		frame_write(fd, FRAME_ERROR, cause, strlen(cause));
		_exit(1);
	}
	if ((x = extract_run(ex, worker_warm, sizeof worker_warm - 1,
	    NULL)) != NULL) {
		free(json_dumps(x, JSON_COMPACT));
		json_decref(x);
	}
	fingerprint_make(worker_warm, sizeof worker_warm - 1, &fp);
	if (sandbox_enter(&cause) == -1) {
		frame_write(fd, FRAME_ERROR, cause, strlen(cause));
		_exit(1);
	}
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	if (frame_write(fd, FRAME_READY, pid, strlen(pid)) == -1)
		_exit(1);
	for (;;) {
		if ((rc = frame_read(fd, &req, &len)) == 0)
			_exit(0);
		if (rc == -1 || worker_one(fd, ex, req, len) == -1)
			_exit(1);
		free(req);
	}
}
