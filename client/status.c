#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/monotime.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "endpoint.h"
#include "raqib.h"

static void
status_usage(FILE *f)
{
	fprintf(f, "usage: raqib status [--json] [--replay EP] [--timeout S]\n\n"
	    "Asks raqibd for its state: last seq, counts, uptime, queue.\n\n"
	    "  --json        the raw raqib.status/1 object\n"
	    "  --replay EP   the daemon's replay socket (tcp://127.0.0.1:7451)\n"
	    "  --server-key F, --key F   CURVE keys, as for raqib sub\n"
	    "  --timeout S   seconds to wait for an answer (default 3)\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

static void
status_print(json_t *o)
{
	long long up = json_integer_value(json_object_get(o, "uptime_seconds"));

	printf("raqibd %s (protocol %lld), up %lldd %02lld:%02lld:%02lld\n",
	    json_string_value(json_object_get(o, "version")),
	    (long long)json_integer_value(json_object_get(o, "protocol")),
	    up / 86400, up / 3600 % 24, up / 60 % 60, up % 60);
	printf("  watching   %s\n", json_string_value(json_object_get(o,
	    "watch_dir")));
	printf("  store      %s (%lld bytes, WAL %lld)\n", json_string_value(
	    json_object_get(o, "store")), (long long)json_integer_value(
	    json_object_get(o, "store_bytes")), (long long)json_integer_value(
	    json_object_get(o, "store_wal_bytes")));
	printf("  last seq   %lld\n", (long long)json_integer_value(
	    json_object_get(o, "last_seq")));
	printf("  documents  %lld stored, %lld rejected, %lld duplicates since "
	    "start\n", (long long)json_integer_value(json_object_get(o,
	    "documents")), (long long)json_integer_value(json_object_get(o,
	    "rejections")), (long long)json_integer_value(json_object_get(o,
	    "duplicates")));
	printf("  events     %lld\n", (long long)json_integer_value(
	    json_object_get(o, "events")));
	printf("  queue      %lld file(s) waiting\n", (long long)
	    json_integer_value(json_object_get(o, "queued")));
	printf("  feed       %lld connection(s), CURVE %s, %lld replay "
	    "request(s)\n", (long long)json_integer_value(json_object_get(o,
	    "subscribers")), json_is_true(json_object_get(o, "curve")) ? "on" :
	    "off", (long long)json_integer_value(json_object_get(o,
	    "replay_requests")));
}

/* Sends the status request and waits for its answer; NULL after saying
 * why. */
static json_t *
status_ask(const struct endpoints *e, long timeout)
{
	char		 kind[32], *body;
	void		*ctx, *s, *mon = NULL;
	zmq_pollitem_t	 it[2];
	double		 deadline, left;
	json_t		*reply = NULL;
	json_error_t	 err;
	int		 n, zero = 0;

	ctx = zmq_ctx_new();
	s = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
	if (endpoint_curve(s, e) == -1 || zmq_connect(s, e->replay) == -1) {
		fprintf(stderr, "raqib status: %s: %s\n", e->replay,
		    zmq_strerror(zmq_errno()));
		goto out;
	}
	mon = endpoint_monitor(ctx, s, "status");
	zmq_send(s, RAQIB_STATUS_REQUEST, strlen(RAQIB_STATUS_REQUEST),
	    ZMQ_SNDMORE);
	zmq_send(s, "{}", 2, 0);
	it[0].socket = s;
	it[0].events = ZMQ_POLLIN;
	it[1].socket = mon;
	it[1].events = ZMQ_POLLIN;
	for (deadline = monotime_now() + timeout;;) {
		left = deadline - monotime_now();
		if (left <= 0 || zmq_poll(it, mon != NULL ? 2 : 1,
		    (long)(left * 1000)) == -1) {
			fprintf(stderr, "raqib status: no answer from %s within "
			    "%ld s: is raqibd running?\n", e->replay, timeout);
			goto out;
		}
		if (endpoint_refused(mon, e, e->replay, NULL))
			goto out;
		if (it[0].revents & ZMQ_POLLIN)
			break;
	}
	n = zmq_recv(s, kind, sizeof kind - 1, 0);
	kind[n < 0 ? 0 : n > (int)sizeof kind - 1 ? (int)sizeof kind - 1 : n] =
	    '\0';
	body = xmalloc(65536);
	n = zmq_recv(s, body, 65535, 0);
	body[n < 0 ? 0 : n > 65535 ? 65535 : n] = '\0';
	if (strcmp(kind, RAQIB_FRAME_STATUS) != 0 ||
	    (reply = json_loads(body, 0, &err)) == NULL)
		fprintf(stderr, "raqib status: unexpected answer \"%s\"\n", kind);
	free(body);
out:
	endpoint_close(s, mon);
	zmq_ctx_term(ctx);
	return reply;
}

int
cmd_status(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "replay", required_argument, NULL, 'r' },
		{ "server-key", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct endpoints e;
	const char	*replay = NULL, *skey = NULL, *key = NULL;
	char		*cause = NULL;
	json_t		*reply;
	int		 ch, json = 0;
	long		 timeout = 3;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'r':
			replay = optarg;
			break;
		case 's':
			skey = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 't':
			timeout = strtol(optarg, NULL, 10);
			if (timeout <= 0)
				return client_usage_error("status", "--timeout "
				    "takes a whole number of seconds > 0");
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			status_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("status", NULL);
		}
	}
	if (optind != argc)
		return client_usage_error("status", "unexpected argument \"%s\"",
		    argv[optind]);
	if (endpoint_load(o, &e, NULL, replay, skey, key, &cause) == -1) {
		fprintf(stderr, "raqib status: %s\n", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	reply = status_ask(&e, timeout);
	endpoint_clear(&e);
	if (reply == NULL)
		return EXIT_RUNTIME;
	if (json)
		json_dumpf(reply, stdout, JSON_COMPACT), putchar('\n');
	else
		status_print(reply);
	json_decref(reply);
	return EXIT_OK;
}
