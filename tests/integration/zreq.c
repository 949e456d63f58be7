/*
 * zreq: sends arbitrary messages to raqibd's replay socket from a DEALER
 * and prints every reply, one JSON array of frames a line. A test helper:
 * the integration tests use it to send malformed requests.
 *
 *	zreq [-t ms] [-s server.pub -k client.key] endpoint frame... \
 *	    [--next frame...]...
 *
 * Each --next starts another message; all are sent at once. A frame
 * "file:PATH" is the contents of PATH. zreq exits 0 once it has one final
 * reply (end, error or status) per message sent, 3 if the time runs out
 * first, 1 on a ZeroMQ failure, 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

static void
zreq_usage(void)
{
	fprintf(stderr, "usage: zreq [-t ms] [-s server.pub -k client.key] "
	    "endpoint frame... [--next frame...]...\n");
	exit(2);
}

static char *
zreq_slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(1);
			}
		}
		if ((r = fread(buf + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void
zreq_key(const char *path, char z85[41])
{
	FILE	*f;
	char	 line[128];

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	if (strlen(line) != 40) {
		fprintf(stderr, "zreq: %s: not a Z85 key\n", path);
		exit(2);
	}
	memcpy(z85, line, 41);
}

/* A frame as a JSON string: quotes, backslashes and controls escaped,
 * other bytes as they are. */
static void
zreq_print_frame(const unsigned char *p, size_t n)
{
	size_t	i;

	putchar('"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			printf("\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] == 0x7f)
			printf("\\u%04x", p[i]);
		else
			putchar(p[i]);
	}
	putchar('"');
}

/* end, error and status close the reply to a request. */
static int
zreq_final(zmq_msg_t *m)
{
	static const char *names[] = { "end", "error", "status", NULL };
	size_t	n = zmq_msg_size(m), i;

	for (i = 0; names[i] != NULL; i++)
		if (n == strlen(names[i]) && memcmp(zmq_msg_data(m), names[i],
		    n) == 0)
			return 1;
	return 0;
}

static int
zreq_send(void *s, char **frames, int n)
{
	char	*buf;
	size_t	 len;
	int	 i, rc;

	for (i = 0; i < n; i++) {
		if (strncmp(frames[i], "file:", 5) == 0)
			buf = zreq_slurp(frames[i] + 5, &len);
		else {
			buf = frames[i];
			len = strlen(buf);
		}
		rc = zmq_send(s, buf, len, i + 1 < n ? ZMQ_SNDMORE : 0);
		if (buf != frames[i])
			free(buf);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*spub = NULL, *ckey = NULL;
	char		 server[41], secret[41], public[41];
	void		*ctx, *s;
	zmq_msg_t	 msg;
	zmq_pollitem_t	 it;
	long		 timeout = 5000, left;
	int		 ch, i, first, msgs = 0, finals = 0, more, zero = 0;
	struct timespec	 t0, t1;

	while ((ch = getopt(argc, argv, "+k:s:t:")) != -1) {
		switch (ch) {
		case 'k':
			ckey = optarg;
			break;
		case 's':
			spub = optarg;
			break;
		case 't':
			timeout = strtol(optarg, NULL, 10);
			break;
		default:
			zreq_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || (spub == NULL) != (ckey == NULL))
		zreq_usage();
	ctx = zmq_ctx_new();
	if ((s = zmq_socket(ctx, ZMQ_DEALER)) == NULL)
		goto zfail;
	zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
	if (spub != NULL) {
		zreq_key(spub, server);
		zreq_key(ckey, secret);
		if (zmq_curve_public(public, secret) == -1 ||
		    zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, server, 40) == -1 ||
		    zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, public, 40) == -1 ||
		    zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, secret, 40) == -1)
			goto zfail;
	}
	if (zmq_connect(s, argv[0]) == -1)
		goto zfail;
	for (first = 1, i = 1; i <= argc; i++) {
		if (i == argc || strcmp(argv[i], "--next") == 0) {
			if (i == first)
				zreq_usage();
			if (zreq_send(s, argv + first, i - first) == -1)
				goto zfail;
			msgs++;
			first = i + 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (finals < msgs) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = timeout - ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			break;
		it.socket = s;
		it.events = ZMQ_POLLIN;
		if (zmq_poll(&it, 1, left) <= 0)
			continue;
		putchar('[');
		for (i = 0, more = 1; more; i++) {
			zmq_msg_init(&msg);
			if (zmq_msg_recv(&msg, s, 0) == -1)
				goto zfail;
			if (i > 0)
				putchar(',');
			zreq_print_frame(zmq_msg_data(&msg), zmq_msg_size(&msg));
			if (i == 0 && zreq_final(&msg))
				finals++;
			more = zmq_msg_more(&msg);
			zmq_msg_close(&msg);
		}
		puts("]");
		fflush(stdout);
	}
	zmq_close(s);
	zmq_ctx_term(ctx);
	return finals < msgs ? 3 : 0;
zfail:
	fprintf(stderr, "zreq: %s\n", zmq_strerror(zmq_errno()));
	return 1;
}
