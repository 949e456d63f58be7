/* The extraction workers, from the parent's side. */
#ifndef RAQIB_POOL_H
#define RAQIB_POOL_H

#include <stddef.h>

struct event_base;
struct extract_doc;
struct pool;

/*
 * A job's end: the worker's answer on success, not read (the caller reads
 * it when it stores it, and says then if it is not JSON); else reason
 * (extract_crashed, extract_timeout, extract_failed) and detail; json and
 * reason both NULL when the pool was freed first.
 */
struct pool_result {
	const unsigned char *print;	/* FINGERPRINT_PACKED bytes, with json */
	const char	*json;		/* raqib.extract/1 as the worker wrote it */
	size_t		 len;
	const char	*reason;
	const char	*detail;
	double		 seconds;	/* the worker's time on it */
};

typedef void	(*pool_done_cb)(void *, const struct pool_result *);

struct pool_stats {
	long long	 workers;	/* running and ready */
	long long	 started;	/* workers started, since start */
	long long	 crashes;	/* workers that died on a document */
	long long	 timeouts;	/* workers killed past timeout_ms */
	long long	 retried;	/* documents tried again */
};

struct pool	*pool_new(struct event_base *, const char *, int, long, int,
		    char **);
void		 pool_free(struct pool *);
void		 pool_submit(struct pool *, const struct extract_doc *,
		    const char *, size_t, pool_done_cb, void *);
void		 pool_reload(struct pool *, const char *, int, long);
int		 pool_size(struct pool *);
void		 pool_stats(struct pool *, struct pool_stats *);

#endif
