#include <sys/queue.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "raqib/export.h"
#include "raqib/log.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "feed.h"
#include "store.h"

#define FEED_MAX_CLIENTS	64		/* streams at once */
#define FEED_HIGH_WATER		(256 * 1024)	/* queued bytes per client */
#define FEED_BATCH		200		/* events per store read */
#define FEED_TICK_MS		200		/* new events: within this */
#define FEED_PING_S		15		/* an idle stream's comment */
#define FEED_LIMIT		5000		/* /events.geojson default */
#define FEED_MAX_LIMIT		100000
#define FEED_MAX_VALUES		64		/* region or type values */

struct feed_client {
	TAILQ_ENTRY(feed_client) entry;
	struct feed		*f;
	struct evhttp_request	*req;
	struct evhttp_connection *con;
	char			**prefixes;	/* ev.ml. ev.ml.kidal. */
	size_t			 nprefixes;
	char			**types;
	size_t			 ntypes;
	long long		 cursor;	/* every seq <= cursor is done */
	long long		 until;		/* geojson: the head at start */
	long long		 left;		/* geojson: events still wanted */
	long long		 sent;
	int			 sse, features, busy;
	time_t			 last_write;
	struct evbuffer		*out;		/* being filled */
};

struct feed {
	struct store		*store;
	struct event		*tick;
	TAILQ_HEAD(, feed_client) clients;
	int			 nclients;
};

static void	feed_fill(struct feed_client *);

static void
feed_list_free(char **v, size_t n)
{
	while (n-- > 0)
		free(v[n]);
	free(v);
}

static void
feed_client_free(struct feed_client *c)
{
	if (c->con != NULL)
		evhttp_connection_set_closecb(c->con, NULL, NULL);
	TAILQ_REMOVE(&c->f->clients, c, entry);
	c->f->nclients--;
	feed_list_free(c->prefixes, c->nprefixes);
	feed_list_free(c->types, c->ntypes);
	if (c->out != NULL)
		evbuffer_free(c->out);
	free(c);
}

/* The client went away. libevent detaches a request whose reply is still
 * going out and leaves it to us: ending it frees it. */
static void
feed_closed(struct evhttp_connection *con, void *arg)
{
	struct feed_client *c = arg;

	log_debug("http: a %s client left after %lld events", c->sse ?
	    "stream" : "geojson", c->sent);
	if (evhttp_request_get_connection(c->req) == NULL)
		evhttp_send_reply_end(c->req);
	c->con = NULL;
	feed_client_free(c);
}

static void
feed_error(struct evhttp_request *req, int code, const char *reason,
    const char *msg)
{
	struct evbuffer *b = evbuffer_new();

	log_info("http: %s: %s", evhttp_request_get_uri(req), msg);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/plain; charset=utf-8");
	evbuffer_add_printf(b, "%s\n", msg);
	evhttp_send_reply(req, code, reason, b);
	evbuffer_free(b);
}

/* ml, ml/kidal: lower-case letters, digits, - and _, one slash at most. */
static char *
feed_prefix(char *r)
{
	char	*p, *s;
	size_t	 slashes = 0;

	if (*r == '\0' || strlen(r) > 64)
		return NULL;
	for (s = r; *s != '\0'; s++) {
		if (*s == '/' && s != r && s[1] != '\0' && s[-1] != '/')
			slashes++;
		else if (isupper((unsigned char)*s))
			*s = (char)tolower((unsigned char)*s);	/* ML: ml */
		else if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-' && *s != '_')
			return NULL;
	}
	if (slashes > 1)
		return NULL;
	xasprintf(&p, RAQIB_TOPIC_EVENTS "%s.", r);
	for (s = p; *s != '\0'; s++)
		if (*s == '/')
			*s = '.';
	return p;
}

static int
feed_type_ok(const char *t)
{
	if (*t == '\0' || strlen(t) > 64)
		return 0;
	for (; *t != '\0'; t++)
		if (!islower((unsigned char)*t) && *t != '_')
			return 0;
	return 1;
}

/* Adds the comma-separated values of one parameter; -1 if one is bad. */
static int
feed_values(struct feed_client *c, const char *key, const char *v)
{
	char	*copy = xstrdup(v), *tok, *save = NULL, *p;
	int	 rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		if (c->nprefixes + c->ntypes >= FEED_MAX_VALUES)
			rc = -1;
		else if (strcmp(key, "region") == 0) {
			if ((p = feed_prefix(tok)) == NULL)
				rc = -1;
			else {
				c->prefixes = xreallocarray(c->prefixes,
				    c->nprefixes + 1, sizeof *c->prefixes);
				c->prefixes[c->nprefixes++] = p;
			}
		} else if (!feed_type_ok(tok))
			rc = -1;
		else {
			c->types = xreallocarray(c->types, c->ntypes + 1,
			    sizeof *c->types);
			c->types[c->ntypes++] = xstrdup(tok);
		}
	}
	free(copy);
	return rc;
}

/* Whether a topic passes the client's region and type filters. */
static int
feed_match(void *arg, const char *topic)
{
	struct feed_client *c = arg;
	const char	*type = strrchr(topic, '.');
	size_t		 i;
	int		 ok = c->nprefixes == 0;

	for (i = 0; i < c->nprefixes && !ok; i++)
		ok = strncmp(topic, c->prefixes[i], strlen(c->prefixes[i])) == 0;
	if (!ok || c->ntypes == 0)
		return ok;
	for (i = 0; i < c->ntypes; i++)
		if (type != NULL && strcmp(type + 1, c->types[i]) == 0)
			return 1;
	return 0;
}

static long long
feed_number(const char *s)
{
	char	*end;
	long long v;

	v = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && v >= 0 ? v : -1;
}

/* since (a seq or a time), after, region, type, limit; what is wrong. */
static const char *
feed_params(struct feed_client *c, struct evhttp_request *req)
{
	struct evkeyvalq q;
	struct evkeyval	*kv;
	const char	*query, *err = NULL, *last;
	char		 t[64];
	long long	 v;

	query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
	TAILQ_INIT(&q);
	if (query != NULL && evhttp_parse_query_str(query, &q) == -1)
		return "the query string is malformed";
	TAILQ_FOREACH(kv, &q, next) {
		if (strcmp(kv->key, "region") == 0 || strcmp(kv->key,
		    "type") == 0) {
			if (feed_values(c, kv->key, kv->value) == -1)
				err = strcmp(kv->key, "type") == 0 ? "type: "
				    "expected event type ids (ambush,protest)" :
				    "region: expected country codes or slug "
				    "paths (ml,ml/kidal)";
		} else if (strcmp(kv->key, "limit") == 0 && !c->sse) {
			if ((v = feed_number(kv->value)) < 1 || v > FEED_MAX_LIMIT)
				err = "limit: expected 1 to 100000";
			c->left = v;
		} else if (strcmp(kv->key, "since") == 0 ||
		    strcmp(kv->key, "after") == 0) {
			if ((v = feed_number(kv->value)) >= 0)
				c->cursor = v;
			else if (strcmp(kv->key, "since") == 0 &&
			    export_time(kv->value, t, sizeof t) == 0 &&
			    (v = store_seq_before(c->f->store, t)) >= 0)
				c->cursor = v;
			else
				err = "since: expected a seq or a time (1h, 2d, "
				    "2024-07-27, 2024-07-27T10:00:00Z)";
		} else
			err = c->sse ? "unknown parameter: expected since, "
			    "after, region, type or format" : "unknown "
			    "parameter: expected since, region, type or limit";
		if (strcmp(kv->key, "format") == 0 && c->sse) {
			err = strcmp(kv->value, "feature") == 0 || strcmp(
			    kv->value, "event") == 0 ? NULL : "format: "
			    "expected event or feature";
			c->features = strcmp(kv->value, "feature") == 0;
		}
		if (err != NULL)
			break;
	}
	/* EventSource sends the last id it saw when it reconnects */
	if (err == NULL && c->sse && (last = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Last-Event-ID")) != NULL) {
		if ((v = feed_number(last)) < 0)
			err = "Last-Event-ID: expected a seq";
		else
			c->cursor = v;
	}
	evhttp_clear_headers(&q);
	return err;
}

struct feed_batch {
	struct feed_client	*c;
	int			 stop;
};

static int
feed_one(void *arg, long long seq, const char *topic, const char *json)
{
	struct feed_batch	*fb = arg;
	struct feed_client	*c = fb->c;
	json_t			*ev;
	char			*s;

	if (!feed_match(c, topic))
		return 0;
	if (!c->sse || c->features) {
		if ((ev = json_loads(json, 0, NULL)) == NULL)
			return 0;
		s = export_feature(ev, json, strlen(json));
		json_decref(ev);
		if (s == NULL)
			return 0;	/* nowhere to put it on a map */
	} else
		s = (char *)json;
	if (c->sse)
		evbuffer_add_printf(c->out, "id: %lld\ndata: %s\n\n", seq, s);
	else
		evbuffer_add_printf(c->out, "%s%s", c->sent > 0 ? ",\n" : "\n",
		    s);
	if (s != json)
		free(s);
	c->sent++;
	if (!c->sse && --c->left == 0)
		fb->stop = 1;
	if (fb->stop || evbuffer_get_length(c->out) >= FEED_HIGH_WATER)
		return -1;	/* store_replay counts this one as done */
	return 0;
}

static void
feed_sent(struct evhttp_connection *con, void *arg)
{
	struct feed_client *c = arg;

	c->busy = 0;
	feed_fill(c);
}

/*
 * Reads from the store into the client's buffer until it holds
 * FEED_HIGH_WATER bytes or nothing is left, and hands that over; the rest
 * follows once the client has taken it (feed_sent).
 */
static void
feed_fill(struct feed_client *c)
{
	struct feed_batch fb = { c, 0 };
	long long	 last;
	int		 more = 1, done, failed = 0;

	if (c->busy)
		return;
	while (more && !fb.stop && evbuffer_get_length(c->out) <
	    FEED_HIGH_WATER) {
		if (store_replay(c->f->store, c->cursor, c->until, c->prefixes,
		    c->nprefixes, FEED_BATCH, feed_one, &fb, &last, &more) ==
		    -1) {
			failed = 1;	/* a stream tries again on the tick */
			break;
		}
		c->cursor = last;
	}
	done = !c->sse && (failed || !more || fb.stop);
	if (done)
		evbuffer_add_printf(c->out, "\n]}\n");
	if (failed && !c->sse)
		log_warnx("http: /events.geojson cut short: the store failed");
	if (done) {
		/* the last chunk: no callback, the request ends with it */
		evhttp_send_reply_chunk(c->req, c->out);
		evhttp_send_reply_end(c->req);
		feed_client_free(c);
		return;
	}
	if (evbuffer_get_length(c->out) > 0) {
		c->busy = 1;
		c->last_write = time(NULL);
		evhttp_send_reply_chunk_with_cb(c->req, c->out, feed_sent, c);
	}
}

/* New events for the streams that are idle; a comment keeps quiet ones
 * open through proxies and shows when a client has gone. */
static void
feed_tick(evutil_socket_t fd, short what, void *arg)
{
	struct feed		*f = arg;
	struct feed_client	*c, *next;
	long long		 head;
	time_t			 now = time(NULL);

	if (TAILQ_EMPTY(&f->clients))
		return;
	head = store_last_seq(f->store);
	for (c = TAILQ_FIRST(&f->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (!c->sse || c->busy)
			continue;
		if (head > c->cursor)
			feed_fill(c);
		else if (now - c->last_write >= FEED_PING_S) {
			evbuffer_add_printf(c->out, ": ping\n\n");
			c->busy = 1;
			c->last_write = now;
			evhttp_send_reply_chunk_with_cb(c->req, c->out,
			    feed_sent, c);
		}
	}
}

/* A new client of either kind, or NULL when the request was answered. */
static struct feed_client *
feed_client_new(struct feed *f, struct evhttp_request *req, int sse)
{
	struct feed_client	*c;
	const char		*err;

	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET) {
		feed_error(req, 405, "Method Not Allowed", "use GET");
		return NULL;
	}
	if (f->nclients >= FEED_MAX_CLIENTS) {
		feed_error(req, 503, "Service Unavailable", "too many streams "
		    "open; try again later");
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->f = f;
	c->req = req;
	c->sse = sse;
	c->cursor = -1;
	c->left = -1;
	TAILQ_INSERT_TAIL(&f->clients, c, entry);
	f->nclients++;
	if ((err = feed_params(c, req)) != NULL) {
		feed_error(req, HTTP_BADREQUEST, "Bad Request", err);
		feed_client_free(c);
		return NULL;
	}
	c->out = evbuffer_new();
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Cache-Control", "no-store");
	return c;
}

static void
feed_start(struct feed_client *c)
{
	c->con = evhttp_request_get_connection(c->req);
	evhttp_connection_set_closecb(c->con, feed_closed, c);
	evhttp_send_reply_start(c->req, HTTP_OK, "OK");
	feed_fill(c);
}

static void
feed_geojson(struct evhttp_request *req, void *arg)
{
	struct feed		*f = arg;
	struct feed_client	*c;
	long long		 from;

	if ((c = feed_client_new(f, req, 0)) == NULL)
		return;
	if (c->cursor < 0)
		c->cursor = 0;
	if (c->left < 0)
		c->left = FEED_LIMIT;
	c->until = store_last_seq(f->store);
	/* the newest events, in order: where they begin */
	if ((from = store_seq_newest(f->store, c->cursor, feed_match, c,
	    (size_t)c->left)) == -1) {
		feed_error(req, 503, "Service Unavailable", "the store is "
		    "unavailable; try again");
		feed_client_free(c);
		return;
	}
	c->cursor = from;
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/geo+json; charset=utf-8");
	evbuffer_add_printf(c->out, "{\"type\":\"FeatureCollection\","
	    "\"features\":[");
	feed_start(c);
}

static void
feed_stream(struct evhttp_request *req, void *arg)
{
	struct feed		*f = arg;
	struct feed_client	*c;

	if ((c = feed_client_new(f, req, 1)) == NULL)
		return;
	if (c->cursor < 0)	/* no position given: from now on */
		c->cursor = store_last_seq(f->store);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/event-stream; charset=utf-8");
	/* nginx would hold the stream back in its buffers otherwise */
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "X-Accel-Buffering", "no");
	evbuffer_add_printf(c->out, "retry: 2000\n: raqib.event/1 from seq "
	    "%lld\n\n", c->cursor + 1);
	feed_start(c);
}

struct feed *
feed_new(struct event_base *base, struct evhttp *h, struct store *store,
    char **cause)
{
	struct feed	*f = xcalloc(1, sizeof *f);
	struct timeval	 tv = { 0, FEED_TICK_MS * 1000 };

	f->store = store;
	TAILQ_INIT(&f->clients);
	if ((f->tick = event_new(base, -1, EV_PERSIST, feed_tick, f)) == NULL ||
	    event_add(f->tick, &tv) == -1) {
		xasprintf(cause, "http: cannot start the stream timer");
		feed_free(f);
		return NULL;
	}
	evhttp_set_cb(h, "/events.geojson", feed_geojson, f);
	evhttp_set_cb(h, "/events/stream", feed_stream, f);
	return f;
}

int
feed_clients(struct feed *f)
{
	return f != NULL ? f->nclients : 0;
}

void
feed_free(struct feed *f)
{
	if (f == NULL)
		return;
	while (!TAILQ_EMPTY(&f->clients))
		feed_client_free(TAILQ_FIRST(&f->clients));
	if (f->tick != NULL)
		event_free(f->tick);
	free(f);
}
