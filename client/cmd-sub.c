/*
 * raqib sub's command line: filters, outputs and where to start, checked
 * together before the follower (sub.c) starts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "raqib/extract.h"
#include "raqib/xmalloc.h"
#include "endpoint.h"
#include "filter.h"
#include "raqib.h"
#include "render.h"
#include "sink.h"
#include "sub.h"

enum { O_REGION = 256, O_KEYWORD, O_ACTOR, O_TYPE, O_MINKILLED, O_JSON,
	O_RESUME, O_SINCE, O_COUNT, O_CONNECT, O_REPLAY, O_SERVERKEY,
	O_KEY, O_EXEC, O_WEBHOOK, O_FORMAT, O_ALERTMANAGER, O_RATE,
	O_QUIET, O_WAIT, O_NEWSTORE, O_EXPLAIN, O_ISOLATES, O_ONELINE,
	O_STORIES };

static const struct option cmd_sub_longopts[] = {
	{ "region", required_argument, NULL, O_REGION },
	{ "keyword", required_argument, NULL, O_KEYWORD },
	{ "actor", required_argument, NULL, O_ACTOR },
	{ "type", required_argument, NULL, O_TYPE },
	{ "min-killed", required_argument, NULL, O_MINKILLED },
	{ "json", no_argument, NULL, O_JSON },
	{ "resume", required_argument, NULL, O_RESUME },
	{ "since", required_argument, NULL, O_SINCE },
	{ "count", required_argument, NULL, O_COUNT },
	{ "connect", required_argument, NULL, O_CONNECT },
	{ "replay", required_argument, NULL, O_REPLAY },
	{ "server-key", required_argument, NULL, O_SERVERKEY },
	{ "key", required_argument, NULL, O_KEY },
	{ "exec", required_argument, NULL, O_EXEC },
	{ "webhook", required_argument, NULL, O_WEBHOOK },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "rate-limit", required_argument, NULL, O_RATE },
	{ "alertmanager", required_argument, NULL, O_ALERTMANAGER },
	{ "quiet", no_argument, NULL, O_QUIET },
	{ "wait", no_argument, NULL, O_WAIT },
	{ "on-new-store", required_argument, NULL, O_NEWSTORE },
	{ "explain", no_argument, NULL, O_EXPLAIN },
	{ "isolates", no_argument, NULL, O_ISOLATES },
	{ "oneline", no_argument, NULL, O_ONELINE },
	{ "config", required_argument, NULL, 'c' },
	{ "stories", required_argument, NULL, O_STORIES },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* What the command line asked for. */
struct cmd_sub {
	struct sub_opts	 so;
	struct filter	*filter;
	const char	*connect, *replay, *skey, *key, *format;
	char		**webhooks, **execs, **ams;
	size_t		 nweb, nexec, nam;
	long long	 since;
	long		 rate;
	int		 json, quiet, explain, isolates, oneline;
	int		 given_format, given_rate, given_newstore;
};

static void
cmd_sub_usage(FILE *f)
{
	fprintf(f, "usage: raqib sub [filters] [output] [--resume FILE] "
	    "[--since SEQ]\n\n"
	    "Subscribes to raqibd's alerts and prints them or sends them on.\n"
	    "Events missed while away are replayed from the daemon's store.\n"
	    "If raqibd does not answer within 5 s, says why and exits 1\n"
	    "(with --wait, or when raqibd hung up after the handshake, says\n"
	    "why and keeps trying).\n\n");
	filter_usage(f);
	fprintf(f, "  --stories S      new: first reports of stories only; updates:\n"
	    "                   first reports and reports that change a story\n"
	    "                   (a revised toll, a new claimant, a more precise\n"
	    "                   place or type; the default without --json); all:\n"
	    "                   every report, copies too (the default with --json)\n"
	    "output:\n"
	    "  --json           one raqib.event/1 object per line\n"
	    "  --oneline        one line per alert (summary, date, topic)\n"
	    "  --isolates       Unicode isolates around Arabic runs even when\n"
	    "                   standard output is not a terminal, and in\n"
	    "                   --exec's RAQIB_SUMMARY\n"
	    "  --exec CMD       run CMD (with sh -c) per event: the event JSON\n"
	    "                   on stdin, RAQIB_TOPIC, RAQIB_TYPE, RAQIB_COUNTRY,\n"
	    "                   RAQIB_ADMIN1, RAQIB_SEQ, RAQIB_STORY and\n"
	    "                   RAQIB_SUMMARY in its environment\n"
	    "  --webhook URL    POST alerts to URL, shaped by --format\n"
	    "  --format F       slack, mattermost, discord or generic (default)\n"
	    "  --rate-limit S   at most one webhook message per S seconds;\n"
	    "                   events in between go in one message (default 2)\n"
	    "  --alertmanager URL  send alerts to Prometheus Alertmanager (API v2)\n"
	    "  --quiet          no terminal output when sending elsewhere\n"
	    "position:\n"
	    "  --resume FILE    keep the last seq handled, the store's id and\n"
	    "                   raqibd's generation in FILE (written\n"
	    "                   atomically) and replay what was\n"
	    "                   missed; each event is delivered once; a new\n"
	    "                   file starts at the daemon's newest event and is\n"
	    "                   written at once; one that cannot be written\n"
	    "                   is an error (exit 1)\n"
	    "  --on-new-store W when the daemon's store is not the one FILE\n"
	    "                   followed (replaced, or restored from a copy\n"
	    "                   older than FILE's generation): start again\n"
	    "                   from its first event (start, the default) or\n"
	    "                   its newest (live); a copy that holds FILE's\n"
	    "                   generation goes on from where the copy ends\n"
	    "  --since SEQ      start by replaying stored events after SEQ\n"
	    "  --count N        exit after N events\n"
	    "  --wait           keep trying while raqibd does not answer\n"
	    "connection (defaults from -c CONFIG, which may follow the command,\n"
	    "else the installed raqibd.conf, else raqibd's defaults):\n"
	    "  --connect EP     the live feed (tcp://127.0.0.1:7450)\n"
	    "  --replay EP      the replay socket (tcp://127.0.0.1:7451)\n"
	    "  --server-key F   the daemon's CURVE public key (.pub)\n"
	    "  --key F          this client's CURVE key (NAME.key; NAME.pub beside)\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

static long long
cmd_sub_number(const char *s, const char *what, int *bad)
{
	char	*end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0) {
		fprintf(stderr, "raqib sub: %s: \"%s\" is not a number >= 0\n",
		    what, s);
		*bad = 1;
	}
	return v;
}

static void
cmd_sub_push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* The filters and outputs; *bad when one is wrong, *cause to say why. */
static void
cmd_sub_option(struct cmd_sub *c, int ch, int *bad, char **cause)
{
	switch (ch) {
	case O_REGION:
		if (filter_region(c->filter, optarg, cause) == -1)
			*bad = 1;
		break;
	case O_KEYWORD:
		if (filter_keyword(c->filter, optarg, cause) == -1)
			*bad = 1;
		break;
	case O_ACTOR:
		if (filter_actor(c->filter, optarg, cause) == -1)
			*bad = 1;
		break;
	case O_TYPE:
		if (filter_type(c->filter, optarg, cause) == -1)
			*bad = 1;
		break;
	case O_MINKILLED:
		filter_min_killed(c->filter, (long)cmd_sub_number(optarg,
		    "--min-killed", bad));
		break;
	case O_STORIES:
		if (filter_stories(c->filter, optarg, cause) == -1)
			*bad = 1;
		break;
	case O_JSON:
		c->json = 1;
		break;
	case O_EXEC:
		if (*optarg == '\0' || strspn(optarg, " \t") ==
		    strlen(optarg)) {
			xasprintf(cause, "--exec needs a command");
			*bad = 1;
			break;
		}
		cmd_sub_push(&c->execs, &c->nexec, optarg);
		break;
	case O_WEBHOOK:
		cmd_sub_push(&c->webhooks, &c->nweb, optarg);
		break;
	case O_FORMAT:
		c->given_format = 1;
		c->format = optarg;
		break;
	case O_RATE:
		c->given_rate = 1;
		c->rate = (long)cmd_sub_number(optarg, "--rate-limit", bad);
		break;
	case O_ALERTMANAGER:
		cmd_sub_push(&c->ams, &c->nam, optarg);
		break;
	case O_QUIET:
		c->quiet = 1;
		break;
	case O_EXPLAIN:
		c->explain = 1;
		break;
	case O_ISOLATES:
		c->isolates = 1;
		break;
	case O_ONELINE:
		c->oneline = 1;
		break;
	default:
		*bad = 1;
		break;
	}
}

/* Where to start and whom to ask; 0 if ch is none of those. */
static int
cmd_sub_position_option(struct cmd_sub *c, int ch, int *bad)
{
	switch (ch) {
	case O_RESUME:
		c->so.resume = optarg;
		break;
	case O_SINCE:
		c->since = cmd_sub_number(optarg, "--since", bad);
		break;
	case O_COUNT:
		c->so.count = cmd_sub_number(optarg, "--count", bad);
		break;
	case O_WAIT:
		c->so.wait = 1;
		break;
	case O_NEWSTORE:
		c->given_newstore = 1;
		if (strcmp(optarg, "start") == 0)
			c->so.on_new_store = SUB_NEW_STORE_START;
		else if (strcmp(optarg, "live") == 0)
			c->so.on_new_store = SUB_NEW_STORE_LIVE;
		else {
			fprintf(stderr, "raqib sub: --on-new-store: \"%s\" "
			    "is not start or live\n", optarg);
			*bad = 1;
		}
		break;
	case O_CONNECT:
		c->connect = optarg;
		break;
	case O_REPLAY:
		c->replay = optarg;
		break;
	case O_SERVERKEY:
		c->skey = optarg;
		break;
	case O_KEY:
		c->key = optarg;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Options that only make sense together; the cause, or NULL. */
static char *
cmd_sub_check(struct cmd_sub *c, int argc, char **argv)
{
	char	*cause = NULL;

	if (optind != argc)
		xasprintf(&cause, "unexpected argument \"%s\"", argv[optind]);
	else if ((c->given_format || c->given_rate) && c->nweb == 0)
		xasprintf(&cause, "%s shapes --webhook messages: give --webhook",
		    c->given_format ? "--format" : "--rate-limit");
	else if (c->quiet && c->nweb == 0 && c->nexec == 0 && c->nam == 0)
		xasprintf(&cause, "--quiet without --exec, --webhook or "
		    "--alertmanager would deliver nowhere");
	else if (c->given_newstore && c->so.resume == NULL)
		xasprintf(&cause, "--on-new-store needs --resume");
	return cause;
}

/* Standard output unless --quiet, then every --exec, --webhook and
 * --alertmanager; -1 (said) if one cannot be made. */
static int
cmd_sub_sinks(struct cmd_sub *c, struct sub *s, struct extract *ex)
{
	struct render_opts ro;
	struct sink	*k;
	char		*cause;
	size_t		 i;

	render_opts_stdout(&ro, c->isolates, c->oneline);
	if (!c->quiet || (c->nweb == 0 && c->nexec == 0 && c->nam == 0))
		sub_add_sink(s, sink_stdout(ex, c->json, &ro));
	for (i = 0; i < c->nexec; i++) {
		sub_add_sink(s, k = sink_exec(ex, c->execs[i]));
		k->render.isolate = c->isolates;	/* RAQIB_SUMMARY */
	}
	for (i = 0; i < c->nweb; i++) {
		if ((k = sink_webhook(ex, c->webhooks[i], c->format,
		    c->rate * 1000, &cause)) == NULL) {
			fprintf(stderr, "raqib: --webhook: %s\n", cause);
			free(cause);
			return -1;
		}
		sub_add_sink(s, k);
	}
	for (i = 0; i < c->nam; i++) {
		if ((k = sink_alertmanager(ex, c->ams[i], &cause)) == NULL) {
			fprintf(stderr, "raqib: --alertmanager: %s\n", cause);
			free(cause);
			return -1;
		}
		sub_add_sink(s, k);
	}
	return 0;
}

/* Parses the command line: EXIT_OK to go on, -1 after --help, else the
 * exit code of a usage error. */
static int
cmd_sub_parse(struct cmd_sub *c, int argc, char **argv, struct client_opts *o)
{
	char	*cause = NULL;
	int	 ch, bad = 0;

	while ((ch = getopt_long(argc, argv, "c:h", cmd_sub_longopts,
	    NULL)) != -1) {
		if (ch == 'h') {
			cmd_sub_usage(stdout);
			return -1;
		}
		if (ch == 'c')
			o->config = optarg;
		else if (!cmd_sub_position_option(c, ch, &bad))
			cmd_sub_option(c, ch, &bad, &cause);
		if (cause != NULL) {
			fprintf(stderr, "raqib sub: %s\n", cause);
			free(cause);
			cause = NULL;
		}
	}
	if (!bad)
		cause = cmd_sub_check(c, argc, argv);
	if (bad || cause != NULL) {
		ch = client_usage_error("sub", cause ? "%s" : NULL, cause);
		free(cause);
		return ch;
	}
	return EXIT_OK;
}

int
cmd_sub(int argc, char **argv, struct client_opts *o)
{
	struct cmd_sub	 c;
	struct endpoints e;
	struct extract	*ex;
	struct sub	*s;
	struct stat	 sb;
	char		*cause = NULL;
	int		 rc = EXIT_RUNTIME;

	memset(&c, 0, sizeof c);
	c.format = "generic";
	c.since = -1;
	c.rate = 2;
	if ((ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	c.filter = filter_new(ex);
	if ((rc = cmd_sub_parse(&c, argc, argv, o)) != EXIT_OK) {
		if (rc == -1)
			rc = EXIT_OK;	/* --help */
		goto out;
	}
	rc = EXIT_RUNTIME;
	/* programs see every report; people and sinks, news */
	filter_stories_default(c.filter, c.json ? FILTER_STORIES_ALL :
	    FILTER_STORIES_UPDATES);
	if ((c.explain || isatty(STDERR_FILENO)) && !c.quiet)
		filter_explain(c.filter, stderr);
	if (endpoint_load(o, &e, c.connect, c.replay, c.skey, c.key,
	    &cause) == -1) {
		fprintf(stderr, "raqib: %s\n", cause);
		free(cause);
		goto out;
	}
	c.so.watch_out = (!c.quiet || (c.nweb == 0 && c.nexec == 0 &&
	    c.nam == 0)) && fstat(STDOUT_FILENO, &sb) == 0 &&
	    (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode));
	s = sub_new(ex, c.filter, &c.so);
	if (cmd_sub_sinks(&c, s, ex) == -1)
		rc = EXIT_USAGE;
	else if (sub_position(s, c.since) == 0)
		rc = sub_run(s, &e);
	sub_free(s);
	endpoint_clear(&e);
out:
	filter_free(c.filter);
	extract_free(ex);
	free(c.webhooks);
	free(c.execs);
	free(c.ams);
	return rc;
}
