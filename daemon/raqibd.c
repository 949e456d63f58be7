#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>
#include <sodium.h>
#include <systemd/sd-daemon.h>

#include "raqib/config.h"
#include "raqib/extract.h"
#include "raqib/log.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "http.h"
#include "ingest.h"
#include "pool.h"
#include "publish.h"
#include "store.h"
#include "submit.h"
#include "watch.h"
#include "worker.h"

#ifndef RAQIBD_CONFIG
#define RAQIBD_CONFIG	"/etc/raqib/raqibd.conf"
#endif

struct raqibd {
	struct event_base *base;
	struct config	*cfg;
	const char	*cfgfile;
	int		 debug;
	struct pool	*pool;
	struct store	*store;
	struct publish	*publish;
	struct ingest	*ingest;
	struct watch	*watch;
	struct http	*http;
	struct event	*sig[4], *watchdog, *stop;
	time_t		 started;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: raqibd [-dn] [-c file]\n"
	    "       raqibd [-d] -X lexicon\n\n"
	    "raqibd watches a folder for Arabic news articles, extracts conflict\n"
	    "events from them, stores them and publishes them over ZeroMQ.\n\n"
	    "  -c, --config file  the configuration (default %s)\n"
	    "  -n, --check        check the configuration and the lexicon, print\n"
	    "                     the effective settings and exit (0 valid, 1 not)\n"
	    "  -d, --debug        log debug messages\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      the version\n"
	    "  -X dir             run as an extraction worker on the lexicon in\n"
	    "                     dir, talking over fd %d; raqibd starts these\n"
	    "                     itself\n\n"
	    "signals: HUP reloads the configuration and lexicon (a bad one is\n"
	    "refused and the running one kept) and restarts the extraction\n"
	    "workers on it once they finish the articles in hand; TERM and INT\n"
	    "finish the articles in hand and exit.\n"
	    "exit codes: 0 ok, 1 runtime failure (a bad config, a busy port),\n"
	    "2 usage error\n", RAQIBD_CONFIG, WORKER_FD);
}

/* raqib.status/1: what `raqib status` and /healthz show. */
static json_t *
raqibd_status(void *arg)
{
	struct raqibd		*r = arg;
	struct store_stats	 ss;
	struct ingest_stats	 is;
	struct publish_stats	 ps;

	store_stats(r->store, &ss);
	ingest_stats(r->ingest, &is);
	publish_stats(r->publish, &ps);
	return json_pack("{s:s,s:s,s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,"
	    "s:I,s:s,s:s,s:b,s:I,s:s,s:s}",
	    "schema", RAQIB_STATUS_SCHEMA, "version", RAQIB_VERSION,
	    "protocol", RAQIB_PROTOCOL_VERSION,
	    "uptime_seconds", (json_int_t)(time(NULL) - r->started),
	    "last_seq", (json_int_t)ss.last_seq,
	    "documents", (json_int_t)ss.documents,
	    "events", (json_int_t)ss.events,
	    "rejections", (json_int_t)ss.rejections,
	    "duplicates", (json_int_t)is.duplicates,
	    "queued", (json_int_t)is.queued,
	    "subscribers", (json_int_t)ps.subscribers,
	    "store_bytes", (json_int_t)ss.bytes,
	    "store_wal_bytes", (json_int_t)ss.wal_bytes,
	    "watch_dir", r->cfg->watch_dir, "store", r->cfg->store_path,
	    "curve", ps.curve, "replay_requests", (json_int_t)ps.replay_requests,
	    "store_id", store_id(r->store),
	    "generation", store_generation(r->store));
}

/* raqib submit: the article goes into the watched folder. */
static json_t *
raqibd_submit(void *arg, const char *name, const void *data, size_t len,
    char **cause)
{
	struct raqibd	*r = arg;
	char		 sha[65], *path;
	json_t		*o;

	if ((path = submit_write(r->cfg->watch_dir, r->cfg->max_file_bytes,
	    name, data, len, sha, cause)) == NULL)
		return NULL;
	o = json_pack("{s:s,s:s}", "sha256", sha, "path", path);
	free(path);
	return o;
}

static json_t *
raqibd_document(void *arg, const char *sha, const char *path)
{
	struct raqibd	*r = arg;

	return store_doc_state(r->store, sha, path);
}

static void
raqibd_file(const char *name, void *arg)
{
	struct raqibd	*r = arg;

	ingest_file(r->ingest, name);
}

static void
raqibd_lost(void *arg)
{
	struct raqibd	*r = arg;
	char		*cause = NULL;

	if (watch_scan(r->watch, &cause) == -1) {
		log_warnx("rescan: %s", cause);
		free(cause);
	}
}

/* SIGHUP: a new configuration and lexicon replace the running ones only if
 * both are valid; anything wrong leaves everything as it was. */
static void
raqibd_reload(struct raqibd *r)
{
	struct config	*c;
	struct extract	*ex;
	char		*cause = NULL;

	sd_notify(0, "RELOADING=1");
	if ((c = config_load(r->cfgfile, &cause)) == NULL) {
		log_warnx("reload refused, running configuration kept: %s",
		    cause);
		goto out;
	}
	if (config_keep_fixed(c, r->cfg, &cause) > 0)
		log_warnx("reload: %s changed: these take effect only after a "
		    "restart; their running values are kept", cause);
	free(cause);
	cause = NULL;
	/* loaded only to be checked: the workers load their own */
	if ((ex = extract_new(c->lexicon, &cause)) == NULL) {
		log_warnx("reload refused, running configuration kept: "
		    "lexicon: %s", cause);
		config_free(c);
		goto out;
	}
	if (publish_reload_keys(r->publish, c->curve_authorized_keys,
	    &cause) == -1) {
		log_warnx("reload refused, running configuration kept: %s",
		    cause);
		extract_free(ex);
		config_free(c);
		goto out;
	}
	extract_free(ex);
	pool_reload(r->pool, c->lexicon, (int)c->workers, c->timeout_ms);
	ingest_set_max_bytes(r->ingest, c->max_file_bytes);
	publish_set_heartbeat(r->publish, c->heartbeat_seconds);
	if (!r->debug)
		log_setlevel(c->log_level);
	config_free(r->cfg);
	r->cfg = c;
	log_info("reloaded %s; %ld extraction worker%s", r->cfgfile ?
	    r->cfgfile : "defaults", c->workers, c->workers == 1 ? "" : "s");
out:
	free(cause);
	sd_notify(0, "READY=1");
}

static void
raqibd_drained(void *arg)
{
	struct raqibd	*r = arg;

	event_base_loopexit(r->base, NULL);
}

/* The workers did not finish in time: what they had is processed again
 * at the next start. */
static void
raqibd_stop_late(evutil_socket_t fd, short what, void *arg)
{
	struct raqibd	*r = arg;

	log_warnx("stopping without the articles still with the workers");
	event_base_loopexit(r->base, NULL);
}

static void
raqibd_signal(evutil_socket_t sig, short what, void *arg)
{
	struct raqibd	*r = arg;

	switch (sig) {
	case SIGHUP:
		raqibd_reload(r);
		break;
	case SIGTERM:
	case SIGINT:
		/* the articles with the workers are finished and stored */
		log_info("signal %d: stopping", (int)sig);
		sd_notify(0, "STOPPING=1");
		if (r->stop == NULL) {
			struct timeval tv = { r->cfg->timeout_ms / 1000 + 1,
			    (r->cfg->timeout_ms % 1000) * 1000 };

			r->stop = evtimer_new(r->base, raqibd_stop_late, r);
			evtimer_add(r->stop, &tv);
			ingest_drain(r->ingest, raqibd_drained, r);
		} else
			event_base_loopexit(r->base, NULL);
		break;
	}
}

static void
raqibd_watchdog(evutil_socket_t fd, short what, void *arg)
{
	sd_notify(0, "WATCHDOG=1");
}

/* The command line; -1 to go on, else the exit code. */
static int
raqibd_args(struct raqibd *r, int argc, char **argv, int *check,
    const char **worker)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	while ((ch = getopt_long(argc, argv, "c:dhnVX:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			r->cfgfile = optarg;
			break;
		case 'd':
			r->debug = 1;
			break;
		case 'n':
			*check = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("raqibd %s (default config %s)\n", RAQIB_VERSION,
			    RAQIBD_CONFIG);
			return 0;
		case 'X':
			*worker = optarg;
			break;
		default:
			fprintf(stderr, "see 'raqibd --help'\n");
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "raqibd: unexpected argument \"%s\"\nsee 'raqibd "
		    "--help'\n", argv[optind]);
		return 2;
	}
	if (*worker != NULL && *check) {
		fprintf(stderr, "raqibd: -X and -n do not go together\nsee "
		    "'raqibd --help'\n");
		return 2;
	}
	return -1;
}

/* The configuration and the lexicon, checked; -1 to go on, else the exit
 * code (-n stops here). */
static int
raqibd_check(struct raqibd *r, int check)
{
	struct extract	*ex;
	char		*cause = NULL;

	if ((r->cfg = config_load(r->cfgfile, &cause)) == NULL ||
	    config_check(r->cfg, &cause) == -1) {
		fprintf(stderr, "raqibd: %s\n", cause);
		free(cause);
		config_free(r->cfg);
		return 1;
	}
	log_setlevel(r->debug ? LOG_LVL_DEBUG : r->cfg->log_level);
	/* checked here, so that a bad lexicon stops the start; the workers
	 * load their own copy */
	if ((ex = extract_new(r->cfg->lexicon, &cause)) == NULL) {
		fprintf(stderr, "raqibd: %s: lexicon: %s\n", r->cfgfile, cause);
		return 1;
	}
	extract_free(ex);
	if (check) {
		config_dump(r->cfg, stdout);
		fprintf(stderr, "raqibd: %s: configuration OK\n", r->cfgfile);
		config_free(r->cfg);
		return 0;
	}
	return -1;
}

/* The store, the sockets, the workers, the watched folder and signals. */
static void
raqibd_start(struct raqibd *r)
{
	static const int signals[] = { SIGHUP, SIGTERM, SIGINT };
	char		*cause = NULL;
	uint64_t	 usec;
	int		 i;

	if (sodium_init() < 0)
		fatalx("libsodium: cannot initialise");
	signal(SIGPIPE, SIG_IGN);
	if ((r->base = event_base_new()) == NULL)
		fatalx("event_base_new");
	r->started = time(NULL);
	if ((r->store = store_open(r->cfg->store_path, &cause)) == NULL)
		fatalx("store: %s", cause);
	if ((r->publish = publish_new(r->base, r->cfg, r->store, &cause)) ==
	    NULL)
		fatalx("publish: %s", cause);
	publish_set_status(r->publish, raqibd_status, r);
	publish_set_submit(r->publish, raqibd_submit, raqibd_document, r);
	if ((r->pool = pool_new(r->base, r->cfg->lexicon, (int)r->cfg->workers,
	    r->cfg->timeout_ms, r->debug, &cause)) == NULL)
		fatalx("extract workers: %s", cause);
	r->ingest = ingest_new(r->base, r->cfg->watch_dir,
	    r->cfg->max_file_bytes, r->store, r->publish, r->pool);
	if (*r->cfg->http_listen != '\0' && (r->http = http_new(r->base,
	    r->cfg->http_listen, r->store, r->publish, r->ingest, &r->started,
	    &cause)) == NULL)
		fatalx("http: %s", cause);
	if ((r->watch = watch_new(r->base, r->cfg->watch_dir, raqibd_file,
	    raqibd_lost, r, &cause)) == NULL)
		fatalx("watch: %s", cause);
	for (i = 0; i < 3; i++) {
		r->sig[i] = evsignal_new(r->base, signals[i], raqibd_signal, r);
		if (r->sig[i] == NULL || evsignal_add(r->sig[i], NULL) == -1)
			fatalx("signal %d", signals[i]);
	}
	/* files that arrived while raqibd was not running */
	if (watch_scan(r->watch, &cause) == -1)
		fatalx("watch: %s", cause);
	if (sd_watchdog_enabled(0, &usec) > 0) {
		struct timeval tv = { (time_t)(usec / 2000000),
		    (suseconds_t)((usec / 2) % 1000000) };

		r->watchdog = event_new(r->base, -1, EV_PERSIST,
		    raqibd_watchdog, NULL);
		event_add(r->watchdog, &tv);
	}
}

static void
raqibd_stop(struct raqibd *r)
{
	int	i;

	for (i = 0; i < 3; i++)
		event_free(r->sig[i]);
	if (r->watchdog != NULL)
		event_free(r->watchdog);
	if (r->stop != NULL)
		event_free(r->stop);
	watch_free(r->watch);
	http_free(r->http);
	pool_free(r->pool);
	ingest_free(r->ingest);
	publish_free(r->publish);
	store_close(r->store);
	config_free(r->cfg);
	event_base_free(r->base);
}

int
main(int argc, char **argv)
{
	struct raqibd	 r;
	const char	*worker = NULL;
	int		 check = 0, rc;

	memset(&r, 0, sizeof r);
	r.cfgfile = RAQIBD_CONFIG;
	log_init("raqibd", LOG_LVL_INFO);
	if ((rc = raqibd_args(&r, argc, argv, &check, &worker)) != -1)
		return rc;
	if (worker != NULL)
		return worker_main(WORKER_FD, worker, r.debug ? LOG_LVL_DEBUG :
		    LOG_LVL_WARN);
	if ((rc = raqibd_check(&r, check)) != -1)
		return rc;
	raqibd_start(&r);
	log_info("raqibd %s watching %s, store %s, %ld extraction worker%s",
	    RAQIB_VERSION, r.cfg->watch_dir, r.cfg->store_path, r.cfg->workers,
	    r.cfg->workers == 1 ? "" : "s");
	sd_notifyf(0, "READY=1\nSTATUS=watching %s", r.cfg->watch_dir);
	event_base_dispatch(r.base);

	sd_notify(0, "STOPPING=1");
	raqibd_stop(&r);
	log_info("stopped");
	return 0;
}
