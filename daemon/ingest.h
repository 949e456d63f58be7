/* From a file name in the inbox to stored and published events. */
#ifndef RAQIB_INGEST_H
#define RAQIB_INGEST_H

#include <stddef.h>

struct event_base;
struct pool;
struct publish;
struct store;
struct ingest;

#define INGEST_BUCKETS	12

struct ingest_stats {
	long long	 documents;	/* stored */
	long long	 duplicates;
	long long	 retries;
	long long	 events;
	size_t		 queued;
	size_t		 inflight;	/* with the workers */
	long long	 workers;	/* ready */
	long long	 workers_started;
	long long	 worker_crashes;
	long long	 worker_timeouts;
	long long	 worker_retried;
	double		 extract_seconds;	/* sum */
	long long	 extract_count;
	long long	 extract_bucket[INGEST_BUCKETS];	/* cumulative */
};

extern const double ingest_bucket_bounds[INGEST_BUCKETS];

struct ingest	*ingest_new(struct event_base *, const char *, long,
		    struct store *, struct publish *, struct pool *);
void		 ingest_free(struct ingest *);
void		 ingest_file(struct ingest *, const char *);
void		 ingest_drain(struct ingest *, void (*)(void *), void *);
void		 ingest_set_max_bytes(struct ingest *, long);
void		 ingest_stats(struct ingest *, struct ingest_stats *);
void		 ingest_events_by_type(struct ingest *,
		    void (*)(void *, const char *, long long), void *);

#endif
