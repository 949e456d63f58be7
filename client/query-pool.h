/* Decoding and formatting a query's events on worker threads, written out
 * in the order they came: parsing JSON is most of an export's time. */
#ifndef RAQIB_QUERY_POOL_H
#define RAQIB_QUERY_POOL_H

#include <stdio.h>
#include <jansson.h>
#include <zmq.h>

struct query_pool;

struct query_pool_ops {
	/* whether the event is wanted; then its output, written to f from
	 * the parsed event and its text: 1 written, 0 left out (counted) */
	int	(*match)(void *, json_t *);
	int	(*format)(void *, json_t *, const char *, size_t, FILE *);
	/* called in order for each written event's bytes; 0 stops */
	int	(*emit)(void *, const char *, size_t);
	void	*arg;
	int	 serial;	/* match and format one at a time */
	int	 raw;		/* every event as it is: no parsing, no match */
};

struct query_pool *query_pool_new(int, const struct query_pool_ops *);
void	 query_pool_push(struct query_pool *, zmq_msg_t *, size_t);
int	 query_pool_drain(struct query_pool *, int);
void	 query_pool_counts(struct query_pool *, long long *, long long *,
	    long long *);
void	 query_pool_free(struct query_pool *);

#endif
