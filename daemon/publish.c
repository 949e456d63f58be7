#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <jansson.h>
#include <zmq.h>

#include "raqib/config.h"
#include "raqib/keyfile.h"
#include "raqib/log.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "publish.h"
#include "publish-int.h"
#include "store.h"

#define PUBLISH_ZAP		"inproc://zeromq.zap.01"
#define PUBLISH_MONITOR		"inproc://raqib.monitor.pub"


/* Loopback, IPC and in-process endpoints need no encryption (the rule
 * raqibd -n checks too). */
static int
publish_endpoint_local(const char *ep)
{
	return config_endpoint_local(ep);
}

static int publish_authorised(struct publish *, const unsigned char *);

/* Binds what publish_drop_peers unbound; libzmq frees a port only some
 * time after zmq_unbind, so this retries until it can. */
static void
publish_rebind(evutil_socket_t fd, short what, void *arg)
{
	struct publish	*p = arg;
	struct timeval	 tv = { 0, 20000 };
	void		*s[2] = { p->pub, p->router };
	char		*ep[2] = { p->pub_ep, p->router_ep };
	int		 i;

	for (i = 0; i < 2; i++) {
		if (!p->unbound[i])
			continue;
		if (zmq_bind(s[i], ep[i]) == 0)
			p->unbound[i] = 0;
		else if (++p->rebind_tries == 250)
			log_warnx("publish: %s still cannot be bound again: %s; "
			    "retrying", ep[i], zmq_strerror(zmq_errno()));
	}
	if (p->unbound[0] || p->unbound[1]) {
		evtimer_add(p->rebind_ev, &tv);
		return;
	}
	log_info("publish: listening again after a key was revoked");
	/* ZMQ_FD is edge-triggered: what arrived meanwhile raised no edge */
	publish_router_read(-1, EV_READ, p);
}

/*
 * Closes every connection by binding the sockets afresh: a revoked key
 * must not keep a session it opened before. The others reconnect at once
 * and pass the ZAP handler again; subscribers replay what they missed.
 */
static void
publish_drop_peers(struct publish *p)
{
	void	*s[2] = { p->pub, p->router };
	char	*ep[2] = { p->pub_ep, p->router_ep };
	int	 i;

	for (i = 0; i < 2; i++) {
		if (*ep[i] == '\0' || p->unbound[i])
			continue;
		if (zmq_unbind(s[i], ep[i]) == -1) {
			log_warnx("publish: cannot unbind %s to drop revoked "
			    "clients: %s", ep[i], zmq_strerror(zmq_errno()));
			continue;
		}
		p->unbound[i] = 1;
	}
	log_info("publish: a key was revoked; dropping every connection, the "
	    "authorised clients reconnect");
	p->rebind_tries = 0;
	publish_rebind(-1, 0, p);
}

/* Loads every *.pub key in dir; the old set is kept if dir is unreadable. */
int
publish_reload_keys(struct publish *p, const char *dir, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	unsigned char	(*keys)[32] = NULL, (*old)[32];
	size_t		 n = 0, len, nold, i;
	char		*path, z85[KEYFILE_Z85 + 1], *why;

	if (dir == NULL || *dir == '\0') {
		nold = p->nkeys;
		free(p->keys);
		p->keys = NULL;
		p->nkeys = 0;
		if (nold > 0 && p->curve)
			publish_drop_peers(p);
		return 0;
	}
	if ((d = opendir(dir)) == NULL) {
		xasprintf(cause, "curve_authorized_keys %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".pub") != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		why = NULL;
		if (keyfile_read(path, z85, &why) == -1) {
			log_warnx("publish: ignoring %s", why);
			free(why);
			free(path);
			continue;
		}
		keys = xreallocarray(keys, n + 1, sizeof *keys);
		zmq_z85_decode(keys[n++], z85);
		free(path);
	}
	closedir(d);
	old = p->keys;
	nold = p->nkeys;
	p->keys = keys;
	p->nkeys = n;
	log_info("publish: %zu authorised client key%s from %s", n,
	    n == 1 ? "" : "s", dir);
	for (i = 0; i < nold; i++)
		if (!publish_authorised(p, old[i]))
			break;
	free(old);
	if (i < nold && p->curve)
		publish_drop_peers(p);
	return 0;
}

static int
publish_authorised(struct publish *p, const unsigned char *key)
{
	size_t	i;

	for (i = 0; i < p->nkeys; i++)
		if (memcmp(p->keys[i], key, 32) == 0)
			return 1;
	return 0;
}

/* Receives one frame into buf; returns its length or -1. */
int
publish_recv(void *s, char *buf, size_t len, int *more)
{
	int	n;
	size_t	ml = sizeof *more;

	*more = 0;	/* read by callers even when nothing came */
	n = zmq_recv(s, buf, len, ZMQ_DONTWAIT);
	if (n == -1)
		return -1;
	zmq_getsockopt(s, ZMQ_RCVMORE, more, &ml);
	return n;
}

void
publish_drain(void *s)
{
	int	more = 1;
	char	buf[64];

	while (more && publish_recv(s, buf, sizeof buf, &more) != -1)
		;
}

int
publish_pollin(void *s)
{
	int	ev = 0;
	size_t	len = sizeof ev;

	if (zmq_getsockopt(s, ZMQ_EVENTS, &ev, &len) == -1)
		return 0;
	return (ev & ZMQ_POLLIN) != 0;
}

/* The ZAP handler: a client gets in only with an authorised CURVE key. */
static void
publish_zap_read(evutil_socket_t fd, short what, void *arg)
{
	struct publish	*p = arg;
	char		 f[7][256];
	int		 n[7], more, i, ok;

	while (publish_pollin(p->zap)) {
		for (i = 0, more = 1; i < 7 && more; i++)
			if ((n[i] = publish_recv(p->zap, f[i], sizeof f[i],
			    &more)) == -1)
				break;
		if (more)
			publish_drain(p->zap);
		if (i < 7) {
			if (i > 0)
				log_warnx("publish: malformed ZAP request");
			continue;
		}
		ok = strncmp(f[5], "CURVE", 5) == 0 && n[6] == 32 &&
		    publish_authorised(p, (unsigned char *)f[6]);
		if (!ok) {
			char	z85[41] = "-";

			if (n[6] == 32)
				zmq_z85_encode(z85, (uint8_t *)f[6], 32);
			log_warnx("publish: refused %.*s with key %s",
			    n[3] > 0 ? n[3] : 1, n[3] > 0 ? f[3] : "?", z85);
			p->stats.denied++;
		}
		zmq_send(p->zap, "1.0", 3, ZMQ_SNDMORE);
		zmq_send(p->zap, f[1], (size_t)n[1], ZMQ_SNDMORE);
		zmq_send(p->zap, ok ? "200" : "400", 3, ZMQ_SNDMORE);
		zmq_send(p->zap, ok ? "OK" : "unknown key", ok ? 2 : 11,
		    ZMQ_SNDMORE);
		zmq_send(p->zap, "", 0, ZMQ_SNDMORE);
		zmq_send(p->zap, "", 0, 0);
	}
}

/* Connections to the feed, from the socket monitor. */
static void
publish_mon_read(evutil_socket_t fd, short what, void *arg)
{
	struct publish	*p = arg;
	unsigned char	 buf[64];
	uint16_t	 ev;
	int		 n, more;

	while (publish_pollin(p->mon)) {
		n = publish_recv(p->mon, (char *)buf, sizeof buf, &more);
		if (more)
			publish_drain(p->mon);
		if (n < 6)
			continue;
		memcpy(&ev, buf, sizeof ev);
		if (ev == ZMQ_EVENT_ACCEPTED)
			p->stats.subscribers++;
		else if (ev == ZMQ_EVENT_DISCONNECTED && p->stats.subscribers > 0)
			p->stats.subscribers--;
	}
}

static void
publish_heartbeat(struct publish *p)
{
	json_t	*o;
	char	*s, now[32];
	time_t	 t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	o = json_pack("{s:s,s:I,s:s,s:i,s:s,s:s}", "schema",
	    RAQIB_HEARTBEAT_SCHEMA, "last_seq", (json_int_t)store_last_seq(
	    p->store), "time", now, "protocol", RAQIB_PROTOCOL_VERSION,
	    "store_id", store_id(p->store), "generation",
	    store_generation(p->store));
	s = json_dumps(o, JSON_COMPACT);
	publish_event(p, RAQIB_TOPIC_HEARTBEAT, s);
	free(s);
	json_decref(o);
}

static void
publish_hb_timer(evutil_socket_t fd, short what, void *arg)
{
	publish_heartbeat(arg);
}

void
publish_set_heartbeat(struct publish *p, long seconds)
{
	struct timeval tv = { seconds, 0 };

	p->heartbeat = seconds;
	event_del(p->hb_ev);
	event_add(p->hb_ev, &tv);
}

void
publish_set_submit(struct publish *p, publish_submit_cb submit,
    publish_doc_cb doc, void *arg)
{
	p->submit_cb = submit;
	p->doc_cb = doc;
	p->submit_arg = arg;
}

void
publish_set_status(struct publish *p, publish_status_cb cb, void *arg)
{
	p->status_cb = cb;
	p->status_arg = arg;
}

/* Sends [topic][json]; a subscriber too slow for the high-water mark
 * loses it live and gets it back through replay. */
void
publish_event(struct publish *p, const char *topic, const char *json)
{
	if (zmq_send(p->pub, topic, strlen(topic), ZMQ_SNDMORE | ZMQ_DONTWAIT) ==
	    -1 || zmq_send(p->pub, json, strlen(json), ZMQ_DONTWAIT) == -1) {
		log_warn("publish: %s", topic);
		return;
	}
	if (strcmp(topic, RAQIB_TOPIC_HEARTBEAT) != 0)
		p->stats.published++;
}

void
publish_stats(struct publish *p, struct publish_stats *s)
{
	*s = p->stats;
	s->curve = p->curve;
}

/* The sockets are usable if their options can still be read. */
int
publish_healthy(struct publish *p, char **cause)
{
	int	ev;
	size_t	len = sizeof ev;

	/* not ZMQ_EVENTS: it takes the wake-up of a request just come, and
	 * the router's event would never fire for it */
	if (zmq_getsockopt(p->pub, ZMQ_TYPE, &ev, &len) == -1 ||
	    zmq_getsockopt(p->router, ZMQ_TYPE, &ev, &len) == -1) {
		xasprintf(cause, "ZeroMQ sockets: %s", zmq_strerror(zmq_errno()));
		return -1;
	}
	return 0;
}

static struct event *
publish_watch(struct publish *p, void *s, event_callback_fn cb)
{
	int		 fd;
	size_t		 len = sizeof fd;
	struct event	*ev;

	if (zmq_getsockopt(s, ZMQ_FD, &fd, &len) == -1)
		return NULL;
	ev = event_new(p->base, fd, EV_READ | EV_PERSIST, cb, p);
	if (ev != NULL && event_add(ev, NULL) == -1) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

static int
publish_curve(struct publish *p, const struct config *c, char **cause)
{
	char	secret[KEYFILE_Z85 + 1], public[KEYFILE_Z85 + 1];
	int	one = 1;
	struct stat sb;

	if (keyfile_read(c->curve_secret_key, secret, cause) == -1)
		return -1;
	if (stat(c->curve_secret_key, &sb) == 0 && (sb.st_mode & 077) != 0)
		log_warnx("publish: %s is readable by others; it should be "
		    "mode 0600", c->curve_secret_key);
	if (zmq_curve_public(public, secret) == -1) {
		xasprintf(cause, "%s: not a CURVE secret key", c->curve_secret_key);
		return -1;
	}
	if (publish_reload_keys(p, c->curve_authorized_keys, cause) == -1)
		return -1;
	p->zap = zmq_socket(p->ctx, ZMQ_REP);
	if (p->zap == NULL || zmq_bind(p->zap, PUBLISH_ZAP) == -1) {
		xasprintf(cause, "ZAP handler: %s", zmq_strerror(zmq_errno()));
		return -1;
	}
	if ((p->zap_ev = publish_watch(p, p->zap, publish_zap_read)) == NULL) {
		xasprintf(cause, "ZAP handler: cannot watch");
		return -1;
	}
	if (zmq_setsockopt(p->pub, ZMQ_CURVE_SERVER, &one, sizeof one) == -1 ||
	    zmq_setsockopt(p->pub, ZMQ_CURVE_SECRETKEY, secret, 40) == -1 ||
	    zmq_setsockopt(p->pub, ZMQ_ZAP_DOMAIN, "raqib", 5) == -1 ||
	    zmq_setsockopt(p->router, ZMQ_CURVE_SERVER, &one, sizeof one) == -1 ||
	    zmq_setsockopt(p->router, ZMQ_CURVE_SECRETKEY, secret, 40) == -1 ||
	    zmq_setsockopt(p->router, ZMQ_ZAP_DOMAIN, "raqib", 5) == -1) {
		xasprintf(cause, "CURVE: %s", zmq_strerror(zmq_errno()));
		return -1;
	}
	p->curve = 1;
	log_info("publish: CURVE on, server public key %s", public);
	return 0;
}

struct publish *
publish_new(struct event_base *base, const struct config *c,
    struct store *store, char **cause)
{
	struct publish	*p = xcalloc(1, sizeof *p);
	int		 hwm = (int)c->hwm, one = 1, linger = 1000;
	int		 rhwm = 100000;
	size_t		 len;

	p->base = base;
	p->store = store;
	if (!c->allow_insecure && *c->curve_secret_key == '\0' &&
	    (!publish_endpoint_local(c->endpoint) ||
	    !publish_endpoint_local(c->replay_endpoint))) {
		xasprintf(cause, "refusing to publish on a non-loopback address "
		    "(%s, %s) without CURVE: set curve_secret_key, or "
		    "allow_insecure = yes", c->endpoint, c->replay_endpoint);
		goto fail;
	}
	p->ctx = zmq_ctx_new();
	p->pub = zmq_socket(p->ctx, ZMQ_PUB);
	p->router = zmq_socket(p->ctx, ZMQ_ROUTER);
	if (p->pub == NULL || p->router == NULL) {
		xasprintf(cause, "zmq_socket: %s", zmq_strerror(zmq_errno()));
		goto fail;
	}
	zmq_setsockopt(p->pub, ZMQ_SNDHWM, &hwm, sizeof hwm);
	zmq_setsockopt(p->pub, ZMQ_LINGER, &linger, sizeof linger);
	zmq_setsockopt(p->router, ZMQ_SNDHWM, &rhwm, sizeof rhwm);
	zmq_setsockopt(p->router, ZMQ_ROUTER_MANDATORY, &one, sizeof one);
	zmq_setsockopt(p->router, ZMQ_LINGER, &linger, sizeof linger);
	if (*c->curve_secret_key != '\0' && publish_curve(p, c, cause) == -1)
		goto fail;
	if (zmq_socket_monitor(p->pub, PUBLISH_MONITOR, ZMQ_EVENT_ACCEPTED |
	    ZMQ_EVENT_DISCONNECTED) == 0) {
		p->mon = zmq_socket(p->ctx, ZMQ_PAIR);
		if (p->mon != NULL && zmq_connect(p->mon, PUBLISH_MONITOR) == 0)
			p->mon_ev = publish_watch(p, p->mon, publish_mon_read);
		/* ZMQ_FD only signals once a read has found the socket empty:
		 * read it empty now, or no connection is ever counted */
		if (p->mon_ev != NULL)
			publish_mon_read(-1, 0, p);
	}
	if (zmq_bind(p->pub, c->endpoint) == -1) {
		xasprintf(cause, "bind %s: %s", c->endpoint,
		    zmq_strerror(zmq_errno()));
		goto fail;
	}
	if (zmq_bind(p->router, c->replay_endpoint) == -1) {
		xasprintf(cause, "bind %s: %s", c->replay_endpoint,
		    zmq_strerror(zmq_errno()));
		goto fail;
	}
	/* as bound, to bind again when a key is revoked */
	len = sizeof p->pub_ep;
	zmq_getsockopt(p->pub, ZMQ_LAST_ENDPOINT, p->pub_ep, &len);
	len = sizeof p->router_ep;
	zmq_getsockopt(p->router, ZMQ_LAST_ENDPOINT, p->router_ep, &len);
	if ((p->router_ev = publish_watch(p, p->router, publish_router_read)) ==
	    NULL) {
		xasprintf(cause, "cannot watch the replay socket");
		goto fail;
	}
	p->hb_ev = event_new(base, -1, EV_PERSIST, publish_hb_timer, p);
	p->rebind_ev = evtimer_new(base, publish_rebind, p);
	publish_set_heartbeat(p, c->heartbeat_seconds);
	log_info("publish: feed on %s, replay on %s", c->endpoint,
	    c->replay_endpoint);
	return p;
fail:
	publish_free(p);
	return NULL;
}

void
publish_free(struct publish *p)
{
	if (p == NULL)
		return;
	if (p->hb_ev != NULL)
		event_free(p->hb_ev);
	if (p->rebind_ev != NULL)
		event_free(p->rebind_ev);
	if (p->router_ev != NULL)
		event_free(p->router_ev);
	if (p->zap_ev != NULL)
		event_free(p->zap_ev);
	if (p->mon_ev != NULL)
		event_free(p->mon_ev);
	if (p->mon != NULL) {
		zmq_socket_monitor(p->pub, NULL, 0);
		zmq_close(p->mon);
	}
	if (p->pub != NULL)
		zmq_close(p->pub);
	if (p->router != NULL)
		zmq_close(p->router);
	if (p->zap != NULL)
		zmq_close(p->zap);
	if (p->ctx != NULL)
		zmq_ctx_term(p->ctx);
	free(p->keys);
	free(p);
}
