/* Where alerts go: the terminal, JSON lines, a command, a webhook,
 * Alertmanager. Each takes events in batches and says whether they got
 * through; the resume file only moves past what every sink delivered. */
#ifndef RAQIB_SINK_H
#define RAQIB_SINK_H

#include <stddef.h>
#include <jansson.h>

#include "render.h"

struct extract;

struct sink {
	const char	*name;
	/* 0 delivered, -1 failed (with *cause): retried later; on failure a
	 * sink may advance sent_upto to the last event it did deliver */
	int		(*deliver)(struct sink *, json_t **, size_t, char **);
	/* called on every turn of the loop (now: monotonic seconds), for
	 * work of its own such as re-sending live alerts; may be NULL */
	void		(*tick)(struct sink *, double);
	void		(*free)(struct sink *);
	void		*arg;
	struct extract	*ex;
	long		 interval_ms;	/* at most one batch per interval */
	size_t		 batch_max;
	struct render_opts render;	/* how people's text looks */
	int		 gone;		/* set with a failure that is final:
					 * the reader of a pipe left */
	int		 slow;		/* starts commands: given nothing
					 * once raqib is asked to stop */
	/* kept by the subscriber */
	long long	 sent_upto;
	double		 last_batch, next_try;
	long		 backoff_ms;
};

/* Constructors: stdout and exec never fail; the others return NULL with
 * *cause on a bad URL or format. */
struct sink	*sink_stdout(struct extract *, int, const struct render_opts *);
struct sink	*sink_exec(struct extract *, const char *);
struct sink	*sink_webhook(struct extract *, const char *, const char *,
		    long, char **);
struct sink	*sink_alertmanager(struct extract *, const char *, char **);
void		 sink_free(struct sink *);

/* HTTP POST of JSON with libcurl, shared by the webhook and Alertmanager
 * sinks; errors name the host, never the URL's path (often a secret). */
struct sink_webhook_conn;
struct sink_webhook_conn *sink_webhook_conn_new(const char *, char **);
int		 sink_webhook_post(struct sink_webhook_conn *, json_t *, char **);
void		 sink_webhook_conn_free(struct sink_webhook_conn *);

#endif
