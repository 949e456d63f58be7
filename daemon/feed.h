/* Stored events over HTTP: GET /events.geojson (an RFC 7946
 * FeatureCollection) and GET /events/stream (Server-Sent Events), each
 * streamed from the store at the pace the client reads, so that a slow
 * reader holds at most FEED_HIGH_WATER bytes of the daemon's memory. */
#ifndef RAQIB_FEED_H
#define RAQIB_FEED_H

struct event_base;
struct evhttp;
struct store;
struct feed;

struct feed	*feed_new(struct event_base *, struct evhttp *, struct store *,
		    char **);
int		 feed_clients(struct feed *);
void		 feed_free(struct feed *);

#endif
