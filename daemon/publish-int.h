/* The publisher's insides, shared by its files: publish.c (the sockets,
 * CURVE, the feed and heartbeats) and publish-requests.c (what the replay
 * socket is asked). */
#ifndef RAQIB_PUBLISH_INT_H
#define RAQIB_PUBLISH_INT_H

#include <stddef.h>

#include <event2/event.h>

#include "publish.h"

struct publish {
	void		*ctx, *pub, *router, *zap, *mon;
	struct event_base *base;
	struct event	*router_ev, *zap_ev, *mon_ev, *hb_ev, *rebind_ev;
	int		 unbound[2];	/* pub, router: to bind again */
	int		 rebind_tries;
	struct store	*store;
	long		 heartbeat;
	int		 curve;
	unsigned char	(*keys)[32];	/* authorised client public keys */
	size_t		 nkeys;
	char		 pub_ep[256], router_ep[256];	/* as bound */
	publish_status_cb status_cb;
	void		*status_arg;
	publish_submit_cb submit_cb;
	publish_doc_cb	 doc_cb;
	void		*submit_arg;
	struct publish_stats stats;
};

int	 publish_recv(void *, char *, size_t, int *);
void	 publish_drain(void *);
int	 publish_pollin(void *);
/* publish-requests.c: replay, status, submit and document requests */
void	 publish_router_read(evutil_socket_t, short, void *);

#endif
