#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "raqib/log.h"

static const char *log_name = "raqib";
static int log_level = LOG_LVL_INFO;
static int log_journal;		/* stderr is journald: use <N> priority prefixes */

void
log_init(const char *name, int level)
{
	log_name = name;
	log_level = level;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void
log_setlevel(int level)
{
	log_level = level;
}

int
log_level_parse(const char *s)
{
	if (strcmp(s, "error") == 0)
		return LOG_LVL_ERROR;
	if (strcmp(s, "warn") == 0 || strcmp(s, "warning") == 0)
		return LOG_LVL_WARN;
	if (strcmp(s, "info") == 0)
		return LOG_LVL_INFO;
	if (strcmp(s, "debug") == 0)
		return LOG_LVL_DEBUG;
	return -1;
}

static void
log_vwrite(int level, const char *err, const char *fmt, va_list ap)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	static const int prio[] = { 3, 4, 6, 7 };
	char		 msg[2048], when[32];
	struct timespec	 ts;
	struct tm	 tm;

	if (level > log_level)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_journal) {
		if (err != NULL)
			fprintf(stderr, "<%d>%s: %s\n", prio[level], msg, err);
		else
			fprintf(stderr, "<%d>%s\n", prio[level], msg);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	if (err != NULL)
		fprintf(stderr, "%s.%03ld %s %s: %s: %s\n", when,
		    ts.tv_nsec / 1000000, log_name, names[level], msg, err);
	else
		fprintf(stderr, "%s.%03ld %s %s: %s\n", when,
		    ts.tv_nsec / 1000000, log_name, names[level], msg);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARN, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARN, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, strerror(saved), fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
