/* raqibd's HTTP endpoints with libevent's evhttp: /metrics and /healthz. */
#ifndef RAQIB_HTTP_H
#define RAQIB_HTTP_H

#include <time.h>

struct event_base;
struct ingest;
struct publish;
struct store;
struct http;

struct http	*http_new(struct event_base *, const char *, struct store *,
		    struct publish *, struct ingest *, const time_t *, char **);
void		 http_free(struct http *);

#endif
