#include <errno.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "feed.h"
#include "http.h"
#include "ingest.h"
#include "publish.h"
#include "store.h"
#include "web.h"

struct http {
	struct evhttp	*h;
	struct store	*store;
	struct publish	*publish;
	struct ingest	*ingest;
	struct feed	*feed;
	const time_t	*started;
};

static void
http_metric(struct evbuffer *b, const char *name, const char *type,
    const char *help, long long value)
{
	evbuffer_add_printf(b, "# HELP %s %s\n# TYPE %s %s\n%s %lld\n", name,
	    help, name, type, name, value);
}

static void
http_reason(void *arg, const char *reason, long long n)
{
	evbuffer_add_printf(arg, "raqib_rejections_total{reason=\"%s\"} %lld\n",
	    reason, n);
}

static void
http_type(void *arg, const char *type, long long n)
{
	evbuffer_add_printf(arg, "raqib_events_total{type=\"%s\"} %lld\n", type,
	    n);
}

/* The queue and the extraction workers. */
static void
http_metrics_workers(struct evbuffer *b, const struct ingest_stats *is)
{
	http_metric(b, "raqib_queue_files", "gauge",
	    "Files waiting to be processed.", (long long)is->queued);
	http_metric(b, "raqib_extract_inflight", "gauge",
	    "Documents with the extraction workers.", (long long)is->inflight);
	http_metric(b, "raqib_extract_workers", "gauge",
	    "Extraction workers running and ready.", is->workers);
	http_metric(b, "raqib_extract_workers_started_total", "counter",
	    "Extraction workers started, since start.", is->workers_started);
	http_metric(b, "raqib_extract_worker_crashes_total", "counter",
	    "Extraction workers that died on a document, since start.",
	    is->worker_crashes);
	http_metric(b, "raqib_extract_worker_timeouts_total", "counter",
	    "Extraction workers killed past timeout_ms, since start.",
	    is->worker_timeouts);
	http_metric(b, "raqib_extract_retries_total", "counter",
	    "Documents tried again in a fresh worker, since start.",
	    is->worker_retried);
}

/* Prometheus text exposition format 0.0.4. */
static void
http_metrics(struct evhttp_request *req, void *arg)
{
	struct http		*h = arg;
	struct evbuffer		*b = evbuffer_new();
	struct store_stats	 ss;
	struct ingest_stats	 is;
	struct publish_stats	 ps;
	size_t			 i;
	int			 store_up;

	/* what the store cannot tell is left out, not reported as 0 or -1 */
	store_up = store_stats(h->store, &ss) == 0;
	ingest_stats(h->ingest, &is);
	publish_stats(h->publish, &ps);
	http_metric(b, "raqib_store_up", "gauge",
	    "1 when the store answers queries.", store_up);
	if (store_up) {
		http_metric(b, "raqib_documents_total", "counter",
		    "Articles stored.", ss.documents);
		evbuffer_add_printf(b, "# HELP raqib_rejections_total Files "
		    "rejected, by reason.\n# TYPE raqib_rejections_total "
		    "counter\n");
		store_rejections_by_reason(h->store, http_reason, b);
	}
	http_metric(b, "raqib_duplicates_total", "counter",
	    "Files whose content was already stored, since start.",
	    is.duplicates);
	http_metric(b, "raqib_store_retries_total", "counter",
	    "Documents retried because the store was busy or full, since start.",
	    is.retries);
	evbuffer_add_printf(b, "# HELP raqib_events_total Events published, by "
	    "type, since start.\n# TYPE raqib_events_total counter\n");
	ingest_events_by_type(h->ingest, http_type, b);
	evbuffer_add_printf(b, "# HELP raqib_extract_seconds Time to extract "
	    "one article.\n# TYPE raqib_extract_seconds histogram\n");
	for (i = 0; i < INGEST_BUCKETS; i++)
		evbuffer_add_printf(b, "raqib_extract_seconds_bucket{le=\"%g\"} "
		    "%lld\n", ingest_bucket_bounds[i], is.extract_bucket[i]);
	evbuffer_add_printf(b, "raqib_extract_seconds_bucket{le=\"+Inf\"} %lld\n"
	    "raqib_extract_seconds_sum %.6f\nraqib_extract_seconds_count %lld\n",
	    is.extract_count, is.extract_seconds, is.extract_count);
	if (store_up)
		http_metric(b, "raqib_last_seq", "gauge",
		    "The newest event sequence number.", ss.last_seq);
	http_metric(b, "raqib_subscribers", "gauge",
	    "Connections to the live feed.", ps.subscribers);
	http_metric(b, "raqib_published_total", "counter",
	    "Event messages published, since start.", ps.published);
	http_metric(b, "raqib_replay_requests_total", "counter",
	    "Replay requests served, since start.", ps.replay_requests);
	http_metric(b, "raqib_replay_errors_total", "counter",
	    "Malformed replay requests, since start.", ps.replay_errors);
	http_metric(b, "raqib_curve_denied_total", "counter",
	    "Connections refused by CURVE authentication, since start.",
	    ps.denied);
	http_metric(b, "raqib_http_streams", "gauge",
	    "Open /events.geojson and /events/stream responses.",
	    feed_clients(h->feed));
	http_metrics_workers(b, &is);
	if (store_up) {
		http_metric(b, "raqib_store_bytes", "gauge",
		    "Size of the database file.", ss.bytes);
		http_metric(b, "raqib_store_wal_bytes", "gauge",
		    "Size of its write-ahead log (cut back when idle).",
		    ss.wal_bytes);
	}
	http_metric(b, "raqib_uptime_seconds", "gauge",
	    "Seconds since raqibd started.", (long long)(time(NULL) -
	    *h->started));
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	evhttp_send_reply(req, HTTP_OK, "OK", b);
	evbuffer_free(b);
}

/* 200 when the store answers and the sockets work, else 503 and why. */
static void
http_healthz(struct evhttp_request *req, void *arg)
{
	struct http		*h = arg;
	struct evbuffer		*b = evbuffer_new();
	struct store_stats	 ss;
	char			*cause = NULL;

	if (store_stats(h->store, &ss) == -1)
		cause = xstrdup("store: cannot read");
	else
		publish_healthy(h->publish, &cause);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/plain; charset=utf-8");
	if (cause != NULL) {
		evbuffer_add_printf(b, "unhealthy: %s\n", cause);
		evhttp_send_reply(req, 503, "Service Unavailable", b);
		free(cause);
	} else {
		evbuffer_add_printf(b, "ok last_seq=%lld\n", ss.last_seq);
		evhttp_send_reply(req, HTTP_OK, "OK", b);
	}
	evbuffer_free(b);
}

static void
http_other(struct evhttp_request *req, void *arg)
{
	struct evbuffer *b = evbuffer_new();

	evbuffer_add_printf(b, "not found: raqibd serves /map, "
	    "/events.geojson, /events/stream, /metrics and /healthz\n");
	evhttp_send_reply(req, HTTP_NOTFOUND, "Not Found", b);
	evbuffer_free(b);
}

struct http *
http_new(struct event_base *base, const char *listen, struct store *store,
    struct publish *publish, struct ingest *ingest, const time_t *started,
    char **cause)
{
	struct http	*h = xcalloc(1, sizeof *h);
	char		*host, *colon;
	long		 port;

	h->store = store;
	h->publish = publish;
	h->ingest = ingest;
	h->started = started;
	host = xstrdup(listen);
	if ((colon = strrchr(host, ':')) == NULL ||
	    (port = strtol(colon + 1, NULL, 10)) <= 0 || port > 65535) {
		xasprintf(cause, "listen \"%s\": expected host:port", listen);
		goto fail;
	}
	*colon = '\0';
	if (host[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	if ((h->h = evhttp_new(base)) == NULL ||
	    evhttp_bind_socket(h->h, host, (ev_uint16_t)port) == -1) {
		xasprintf(cause, "cannot listen on %s: %s", listen,
		    strerror(errno));
		goto fail;
	}
	evhttp_set_allowed_methods(h->h, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_cb(h->h, "/metrics", http_metrics, h);
	evhttp_set_cb(h->h, "/healthz", http_healthz, h);
	if ((h->feed = feed_new(base, h->h, store, cause)) == NULL)
		goto fail;
	web_register(h->h);
	evhttp_set_gencb(h->h, http_other, h);
	log_info("http: the map on http://%s/map; /events.geojson, "
	    "/events/stream, /metrics and /healthz", listen);
	free(host);
	return h;
fail:
	free(host);
	http_free(h);
	return NULL;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	feed_free(h->feed);	/* before evhttp_free closes its requests */
	if (h->h != NULL)
		evhttp_free(h->h);
	free(h);
}
