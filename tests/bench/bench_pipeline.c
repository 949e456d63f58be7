/*
 * The whole path, measured: raqibd on a temporary folder with its durable
 * SQLite store, articles renamed into the folder at 10/s, 100/s and as fast
 * as they can be, and a ZeroMQ subscriber timing each article from its
 * rename to the first event it yields.  Prints a table; not a test.
 *
 * Each run is repeated for every worker count of -w (default 1,2); 0 leaves
 * [extract] workers out of the config, for a raqibd from before workers.
 *
 * usage: bench_pipeline -d RAQIBD [-l LEXICON] [-s SCALE] [-w N,...] FILE...
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zmq.h>

#include "bench.h"
#include "raqib/protocol.h"

struct run {
	const char	*label;
	double		 rate;		/* articles/s; 0: as fast as it goes */
	size_t		 n;
};

struct bench {
	const char	*raqibd, *lexicon;
	int		 workers;	/* 0: the key left out */
	char		 dir[64], inbox[96];
	char		 endpoint[64];
	pid_t		 pid;
	void		*ctx, *sub;
	double		*sent, *lat;	/* per article: rename time, latency */
	size_t		 n, got;
	double		 last;		/* when the last first event came */
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, port;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		err(1, "bind");
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static void
bench_start(struct bench *b)
{
	char	 conf[128], log[128];
	FILE	*f;
	int	 fd, hb = 0, timeout = 200;
	double	 deadline;

	strcpy(b->dir, "/tmp/raqib-bench.XXXXXX");
	if (mkdtemp(b->dir) == NULL)
		err(1, "mkdtemp");
	snprintf(b->inbox, sizeof b->inbox, "%s/inbox", b->dir);
	if (mkdir(b->inbox, 0755) == -1)
		err(1, "%s", b->inbox);
	snprintf(b->endpoint, sizeof b->endpoint, "tcp://127.0.0.1:%d",
	    free_port());
	snprintf(conf, sizeof conf, "%s/raqibd.conf", b->dir);
	if ((f = fopen(conf, "w")) == NULL)
		err(1, "%s", conf);
	fprintf(f, "[watch]\ndir = inbox\n[store]\npath = raqib.db\n"
	    "[publish]\nendpoint = %s\nreplay_endpoint = tcp://127.0.0.1:%d\n"
	    "heartbeat_seconds = 1\n[http]\nlisten = 127.0.0.1:%d\n"
	    "[extract]\nlexicon = %s\n[log]\nlevel = warn\n", b->endpoint,
	    free_port(), free_port(), b->lexicon);
	if (b->workers > 0)
		fprintf(f, "[extract]\nworkers = %d\n", b->workers);
	fclose(f);

	snprintf(log, sizeof log, "%s/raqibd.log", b->dir);
	if ((b->pid = fork()) == -1)
		err(1, "fork");
	if (b->pid == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
			err(1, "%s", log);
		dup2(fd, STDERR_FILENO);
		execl(b->raqibd, b->raqibd, "-c", conf, (char *)NULL);
		err(127, "%s", b->raqibd);
	}

	b->ctx = zmq_ctx_new();
	b->sub = zmq_socket(b->ctx, ZMQ_SUB);
	hb = 0;
	zmq_setsockopt(b->sub, ZMQ_RCVHWM, &hb, sizeof hb);	/* unbounded */
	zmq_setsockopt(b->sub, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_setsockopt(b->sub, ZMQ_SUBSCRIBE, "", 0);
	if (zmq_connect(b->sub, b->endpoint) == -1)
		errx(1, "connect %s: %s", b->endpoint, zmq_strerror(errno));
	/* ready once a heartbeat arrives: the daemon is up and we are joined */
	deadline = now() + 15;
	while (now() < deadline) {
		char	topic[64];
		int	n = zmq_recv(b->sub, topic, sizeof topic - 1, 0);

		if (n > 0) {
			topic[n] = '\0';
			if (strcmp(topic, RAQIB_TOPIC_HEARTBEAT) == 0)
				hb = 1;
			while (zmq_getsockopt(b->sub, ZMQ_RCVMORE, &n,
			    &(size_t){ sizeof n }) == 0 && n)
				zmq_recv(b->sub, NULL, 0, 0);
			if (hb) {
				/* the workers load the lexicon after the
				 * daemon is up: not part of any article */
				usleep(1500 * 1000);
				return;
			}
		}
		if (waitpid(b->pid, NULL, WNOHANG) == b->pid)
			errx(1, "raqibd exited at start; see %s", log);
	}
	errx(1, "no heartbeat from raqibd in 15 s; see %s", log);
}

static void
bench_stop(struct bench *b)
{
	char	cmd[128];
	int	status;

	zmq_close(b->sub);
	zmq_ctx_term(b->ctx);
	kill(b->pid, SIGTERM);
	if (waitpid(b->pid, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		warnx("raqibd did not exit cleanly; see %s/raqibd.log", b->dir);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", b->dir);
	if (system(cmd) != 0)
		warnx("could not remove %s", b->dir);
}

/* Reads what has arrived, waiting at most ms; notes each article's first event. */
static void
bench_drain(struct bench *b, int ms)
{
	zmq_pollitem_t	 pi = { b->sub, 0, ZMQ_POLLIN, 0 };
	char		 topic[256], *path, *base;
	zmq_msg_t	 msg;
	json_t		*o;
	size_t		 idx;
	int		 more;
	size_t		 ml = sizeof more;

	while (zmq_poll(&pi, 1, ms) > 0) {
		int n = zmq_recv(b->sub, topic, sizeof topic - 1, ZMQ_DONTWAIT);

		ms = 0;
		if (n < 0)
			break;
		topic[n < (int)sizeof topic ? n : (int)sizeof topic - 1] = '\0';
		zmq_getsockopt(b->sub, ZMQ_RCVMORE, &more, &ml);
		if (!more)
			continue;
		zmq_msg_init(&msg);
		zmq_msg_recv(&msg, b->sub, 0);
		if (strncmp(topic, RAQIB_TOPIC_EVENTS,
		    strlen(RAQIB_TOPIC_EVENTS)) == 0 &&
		    (o = json_loadb(zmq_msg_data(&msg), zmq_msg_size(&msg), 0,
		    NULL)) != NULL) {
			path = (char *)json_string_value(json_object_get(
			    json_object_get(o, "doc"), "path"));
			if (path != NULL && (base = strrchr(path, '/')) != NULL &&
			    sscanf(base, "/a%zu.txt", &idx) == 1 && idx < b->n &&
			    b->lat[idx] < 0) {
				b->last = now();
				b->lat[idx] = b->last - b->sent[idx];
				b->got++;
			}
			json_decref(o);
		}
		zmq_msg_close(&msg);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
bench_run(struct bench *b, const struct run *r, char **text, size_t *len,
    size_t na)
{
	char	 tmp[160], dst[160], tail[64];
	double	 t0, due, *v;
	size_t	 i, k, tl;
	int	 fd;
	FILE	*f;

	bench_start(b);
	b->n = r->n;
	b->got = 0;
	b->sent = calloc(b->n, sizeof *b->sent);
	b->lat = calloc(b->n, sizeof *b->lat);
	/* every article unique (the daemon skips content it has stored) */
	for (i = 0; i < b->n; i++) {
		b->lat[i] = -1;
		snprintf(tmp, sizeof tmp, "%s/a%06zu.tmp", b->inbox, i);
		tl = (size_t)snprintf(tail, sizeof tail, "\n\nبرقية %zu\n", i);
		if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1 ||
		    (f = fdopen(fd, "w")) == NULL)
			err(1, "%s", tmp);
		fwrite(text[i % na], 1, len[i % na], f);
		fwrite(tail, 1, tl, f);
		fclose(f);
	}
	t0 = now();
	for (i = 0; i < b->n; i++) {
		if (r->rate > 0) {
			due = t0 + i / r->rate;
			while (now() < due)
				bench_drain(b, (int)((due - now()) * 1000) + 1);
		} else
			bench_drain(b, 0);
		snprintf(tmp, sizeof tmp, "%s/a%06zu.tmp", b->inbox, i);
		snprintf(dst, sizeof dst, "%s/a%06zu.txt", b->inbox, i);
		b->sent[i] = now();
		if (rename(tmp, dst) == -1)
			err(1, "rename %s", tmp);
	}
	/* wait for the rest: give up after 10 s without a new article */
	for (due = now() + 10; b->got < b->n && now() < due;) {
		k = b->got;
		bench_drain(b, 100);
		if (b->got > k)
			due = now() + 10;
	}
	v = calloc(b->n, sizeof *v);
	for (i = k = 0; i < b->n; i++)
		if (b->lat[i] >= 0)
			v[k++] = b->lat[i] * 1e3;
	qsort(v, k, sizeof *v, cmp_double);
	if (b->workers > 0)
		printf("| %d ", b->workers);
	else
		printf("| in process ");
	if (k == 0)
		printf("| %s | %zu | 0 | - | - | - | - |\n", r->label, b->n);
	else
		printf("| %s | %zu | %zu | %.2f | %.2f | %.2f | %.0f |\n",
		    r->label, b->n, k, v[k / 2], v[(k * 99) / 100], v[k - 1],
		    k / (b->last - t0));
	fflush(stdout);
	free(v);
	free(b->sent);
	free(b->lat);
	bench_stop(b);
}

int
main(int argc, char **argv)
{
	struct bench	 b;
	struct run	 runs[] = {
		{ "10/s", 10, 100 },
		{ "100/s", 100, 1000 },
		{ "as fast as it goes", 0, 3000 },
	};
	char		**text, *wl = "1,2", *w, *end;
	size_t		*len, na, i;
	double		 scale = 1;
	int		 ch, nw = 0, ws[16];

	memset(&b, 0, sizeof b);
	b.lexicon = RAQIB_BENCH_LEXICON;
	while ((ch = getopt(argc, argv, "d:l:s:w:")) != -1) {
		switch (ch) {
		case 'd':
			b.raqibd = optarg;
			break;
		case 'l':
			b.lexicon = optarg;
			break;
		case 's':
			scale = atof(optarg);
			break;
		case 'w':
			wl = optarg;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	for (w = wl; *w != '\0' && nw < 16; w = *end ? end + 1 : end) {
		ws[nw] = (int)strtol(w, &end, 10);
		if (end == w || ws[nw] < 0 || (*end != ',' && *end != '\0'))
			goto usage;
		nw++;
	}
	if (b.raqibd == NULL || argc == 0 || scale <= 0 || nw == 0)
		goto usage;
	signal(SIGPIPE, SIG_IGN);
	na = argc;
	text = calloc(na, sizeof *text);
	len = calloc(na, sizeof *len);
	for (i = 0; i < na; i++)
		text[i] = bench_slurp(argv[i], &len[i]);

	printf("raqibd, rename into the folder -> first event at a ZeroMQ "
	    "subscriber (WAL store, one transaction per article)\n\n");
	printf("| workers | rate | articles | received | p50 ms | p99 ms | "
	    "max ms | articles/s |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		runs[i].n = (size_t)(runs[i].n * scale);
		if (runs[i].n < 10)
			runs[i].n = 10;
	}
	/* the same rate for each worker count in turn, to compare them */
	for (i = 0; i < sizeof runs / sizeof runs[0]; i++)
		for (ch = 0; ch < nw; ch++) {
			b.workers = ws[ch];
			bench_run(&b, &runs[i], text, len, na);
		}
	return 0;
usage:
	fprintf(stderr, "usage: bench_pipeline -d RAQIBD [-l LEXICON] "
	    "[-s SCALE] [-w N,...] FILE...\n");
	return 2;
}
