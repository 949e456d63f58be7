/*
 * raqib submit: hands articles to raqibd over its replay socket (CURVE
 * when enabled); the daemon writes each into its watched folder, and we
 * wait to say what became of it: stored with its events' seqs, or
 * rejected and why.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <jansson.h>
#include <zmq.h>

#include "raqib/monotime.h"
#include "raqib/protocol.h"
#include "raqib/readfile.h"
#include "raqib/xmalloc.h"
#include "endpoint.h"
#include "raqib.h"

#define SUBMIT_ANSWER_TIMEOUT	5.0	/* seconds for each answer */
#define SUBMIT_POLL_MS		200	/* between questions on a document */
#define SUBMIT_MAX_BYTES	(64L << 20)	/* more is not an article */

struct submit {
	void			*ctx, *sock, *mon;
	const struct endpoints *e;
	double			 timeout;	/* seconds to wait for a verdict */
};

static void
submit_usage(FILE *f)
{
	fprintf(f, "usage: raqib submit [--replay EP] [--server-key F --key F] "
	    "[--timeout S] FILE...|-\n\n"
	    "Hands articles to raqibd over its replay socket (CURVE when\n"
	    "enabled). raqibd writes each into its watched folder, where it is\n"
	    "taken in with the same checks as any file; for each, raqib prints\n"
	    "its sha256 and what became of it:\n"
	    "  SHA256 stored seqs 12 13 FILE\n"
	    "  SHA256 rejected REASON: DETAIL FILE\n"
	    "'-' reads one article from standard input.\n\n"
	    "  --replay EP   the daemon's replay socket (tcp://127.0.0.1:7451)\n"
	    "  --server-key F, --key F   CURVE keys, as for raqib sub\n"
	    "  --timeout S   seconds to wait for each verdict (default 30)\n"
	    "exit codes: 0 every article stored, 1 one was not (rejected, too\n"
	    "large, no answer), 2 usage error\n");
}

static char *
submit_read(const char *path, size_t *len, char **cause)
{
	int	 fd, big;
	char	*buf;

	fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY |
	    O_CLOEXEC);
	if (fd == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = readfile_fd(fd, (size_t)SUBMIT_MAX_BYTES, len, &big)) ==
	    NULL)
		xasprintf(cause, "%s: %s", path, strerror(errno));
	else if (big) {
		xasprintf(cause, "%s: over %ld MiB: not an article", path,
		    SUBMIT_MAX_BYTES >> 20);
		free(buf);
		buf = NULL;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return buf;
}

/* One request and its one answer: [kind][json] (and data as a third
 * frame); returns the answer's json with *kind, or NULL (said why). */
static json_t *
submit_ask(struct submit *s, const char *req, json_t *body, const void *data,
    size_t len, char *kind, size_t kindlen)
{
	zmq_pollitem_t	 it[2] = { { s->sock, 0, ZMQ_POLLIN, 0 },
			    { s->mon, 0, ZMQ_POLLIN, 0 } };
	char		*j = json_dumps(body, JSON_COMPACT), buf[1 << 16];
	double		 until = monotime_now() + SUBMIT_ANSWER_TIMEOUT;
	json_t		*o = NULL;
	json_error_t	 err;
	unsigned	 seen = 0;
	int		 n, more;
	size_t		 ml = sizeof more;

	zmq_send(s->sock, req, strlen(req), ZMQ_SNDMORE);
	zmq_send(s->sock, j, strlen(j), data != NULL ? ZMQ_SNDMORE : 0);
	if (data != NULL)
		zmq_send(s->sock, data, len, 0);
	free(j);
	while (monotime_now() < until) {
		if (zmq_poll(it, 2, 200) == -1 && zmq_errno() != EINTR)
			break;
		if (endpoint_refused(s->mon, s->e, s->e->replay, &seen))
			return NULL;
		if ((n = zmq_recv(s->sock, kind, kindlen - 1, ZMQ_DONTWAIT)) == -1)
			continue;
		kind[n < (int)kindlen ? n : (int)kindlen - 1] = '\0';
		more = 0;
		zmq_getsockopt(s->sock, ZMQ_RCVMORE, &more, &ml);
		if (more && (n = zmq_recv(s->sock, buf, sizeof buf, 0)) >= 0)
			o = json_loadb(buf, (size_t)n < sizeof buf ? (size_t)n :
			    sizeof buf, 0, &err);
		for (more = 1; more;) {	/* anything else of the message */
			if (zmq_getsockopt(s->sock, ZMQ_RCVMORE, &more, &ml) ==
			    -1 || !more)
				break;
			zmq_recv(s->sock, buf, sizeof buf, 0);
		}
		if (o == NULL)
			fprintf(stderr, "raqib submit: a malformed answer\n");
		return o;
	}
	fprintf(stderr, "raqib submit: no answer from %s in %.0f s: is raqibd "
	    "running there%s?\n", s->e->replay, SUBMIT_ANSWER_TIMEOUT,
	    s->e->server_key ? ", and is --server-key its key" : "");
	return NULL;
}

/* Hands one article in and waits for its verdict; 0 if it was stored. */
static int
submit_one(struct submit *s, const char *path)
{
	char		 kind[32], *data, *cause = NULL;
	const char	*base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	json_t		*o, *req, *v;
	size_t		 len, i;
	double		 until;
	int		 rc = -1;

	if ((data = submit_read(path, &len, &cause)) == NULL) {
		fprintf(stderr, "raqib submit: %s\n", cause);
		free(cause);
		return -1;
	}
	req = json_pack("{s:s}", "name", strcmp(path, "-") == 0 ? "stdin.txt" :
	    base);
	o = submit_ask(s, RAQIB_SUBMIT_REQUEST, req, data, len, kind,
	    sizeof kind);
	json_decref(req);
	free(data);
	if (o == NULL)
		return -1;
	if (strcmp(kind, RAQIB_FRAME_SUBMITTED) != 0) {
		fprintf(stderr, "raqib submit: %s: refused: %s\n", path,
		    json_string_value(json_object_get(o, "error")));
		json_decref(o);
		return -1;
	}
	req = json_pack("{s:O,s:O}", "sha256", json_object_get(o, "sha256"),
	    "path", json_object_get(o, "path"));
	json_decref(o);
	for (until = monotime_now() + s->timeout;;) {
		if ((o = submit_ask(s, RAQIB_DOCUMENT_REQUEST, req, NULL, 0, kind,
		    sizeof kind)) == NULL)
			break;
		v = json_object_get(o, "state");
		if (strcmp(kind, RAQIB_FRAME_DOCUMENT) != 0 || !json_is_string(v))
			fprintf(stderr, "raqib submit: %s: %s\n", path,
			    json_string_value(json_object_get(o, "error")));
		else if (strcmp(json_string_value(v), "stored") == 0) {
			printf("%s stored seqs", json_string_value(
			    json_object_get(o, "sha256")));
			json_array_foreach(json_object_get(o, "seqs"), i, v)
				printf(" %lld", (long long)json_integer_value(v));
			printf(" %s\n", path);
			rc = 0;
		} else if (strcmp(json_string_value(v), "rejected") == 0)
			printf("%s rejected %s: %s %s\n", json_string_value(
			    json_object_get(o, "sha256")), json_string_value(
			    json_object_get(o, "reason")), json_string_value(
			    json_object_get(o, "detail")), path);
		else if (monotime_now() < until) {
			json_decref(o);
			zmq_poll(NULL, 0, SUBMIT_POLL_MS);
			continue;
		} else
			printf("%s pending after %.0f s %s\n", json_string_value(
			    json_object_get(o, "sha256")), s->timeout, path);
		json_decref(o);
		break;
	}
	json_decref(req);
	return rc;
}

int
cmd_submit(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "replay", required_argument, NULL, 'r' },
		{ "server-key", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct endpoints e;
	struct submit	 s;
	const char	*replay = NULL, *skey = NULL, *key = NULL;
	char		*cause = NULL, *end;
	int		 ch, i, rc = EXIT_OK;

	memset(&s, 0, sizeof s);
	s.timeout = 30;
	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
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
			s.timeout = strtod(optarg, &end);
			if (*end != '\0' || s.timeout <= 0)
				return client_usage_error("submit", "--timeout "
				    "takes a number of seconds > 0");
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			submit_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("submit", NULL);
		}
	}
	if (optind == argc)
		return client_usage_error("submit", "give FILE... or -");
	if (endpoint_load(o, &e, NULL, replay, skey, key, &cause) == -1) {
		fprintf(stderr, "raqib submit: %s\n", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	s.e = &e;
	s.ctx = zmq_ctx_new();
	if ((s.sock = zmq_socket(s.ctx, ZMQ_DEALER)) == NULL ||
	    endpoint_curve(s.sock, &e) == -1 ||
	    (s.mon = endpoint_monitor(s.ctx, s.sock, "submit")) == NULL ||
	    zmq_connect(s.sock, e.replay) == -1) {
		fprintf(stderr, "raqib submit: %s: %s\n", e.replay,
		    zmq_strerror(zmq_errno()));
		rc = EXIT_RUNTIME;
		goto out;
	}
	for (i = optind; i < argc; i++)
		if (submit_one(&s, argv[i]) == -1)
			rc = EXIT_RUNTIME;
	if (fflush(stdout) == EOF)
		rc = EXIT_RUNTIME;
out:
	endpoint_close(s.sock, s.mon);
	zmq_ctx_term(s.ctx);
	endpoint_clear(&e);
	return rc;
}
