/* The ZeroMQ side of raqibd: the live PUB feed with heartbeats, replay and
 * status on a ROUTER, and CURVE with a ZAP handler. Only publish.c includes
 * zmq.h. */
#ifndef RAQIB_PUBLISH_H
#define RAQIB_PUBLISH_H

#include <jansson.h>

struct event_base;
struct config;
struct store;
struct publish;

struct publish_stats {
	long long	 published;
	long long	 replay_requests;
	long long	 replay_errors;
	long long	 subscribers;	/* connected to the feed now */
	long long	 denied;	/* connections CURVE refused */
	int		 curve;
};

typedef json_t *(*publish_status_cb)(void *);
/* raqib submit: the article's name and bytes in, {"sha256", "path"} or
 * NULL with *cause out; and what became of one (sha256, path). */
typedef json_t *(*publish_submit_cb)(void *, const char *, const void *,
		    size_t, char **);
typedef json_t *(*publish_doc_cb)(void *, const char *, const char *);

struct publish	*publish_new(struct event_base *, const struct config *,
		    struct store *, char **);
void		 publish_free(struct publish *);
void		 publish_event(struct publish *, const char *, const char *);
void		 publish_set_heartbeat(struct publish *, long);
void		 publish_set_status(struct publish *, publish_status_cb, void *);
void		 publish_set_submit(struct publish *, publish_submit_cb,
		    publish_doc_cb, void *);
int		 publish_reload_keys(struct publish *, const char *, char **);
void		 publish_stats(struct publish *, struct publish_stats *);
int		 publish_healthy(struct publish *, char **);

#endif
