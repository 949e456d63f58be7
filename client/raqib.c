#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "raqib/config.h"
#include "raqib/extract.h"
#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "raqib.h"


static const struct {
	const char	*name;
	int		(*fn)(int, char **, struct client_opts *);
	const char	*summary;
} commands[] = {
	{ "sub", cmd_sub, "subscribe to alerts, print them or send them on" },
	{ "extract", cmd_extract, "run the extraction engine on files" },
	{ "eval", cmd_eval, "score extraction against gold annotations" },
	{ "keygen", cmd_keygen, "write a CURVE key pair" },
	{ "status", cmd_status, "show the daemon's state" },
	{ "query", cmd_query, "export stored events: text, JSON, ACLED CSV, "
	    "GeoJSON" },
	{ "list", cmd_list, "the types, regions and actors filters accept" },
	{ "submit", cmd_submit, "hand articles to raqibd over its socket" },
};

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: raqib [-c config] [--lexicon dir] command [args]\n"
	    "       raqib --version | --help\n\n"
	    "raqib turns Arabic news into conflict alerts; this is its client.\n"
	    "Endpoints, keys and the lexicon come from -c (before or after the\n"
	    "command), else from %s if it is readable\n(what raqibd reads by "
	    "default), else raqibd's defaults.\n\ncommands:\n", RAQIBD_CONFIG);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'raqib COMMAND --help' describes a command.\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

/* A usage error: what is wrong on one line (getopt has said it for a bad
 * option), then where the help is; returns the exit code for it. */
int
client_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	ap;

	if (fmt != NULL) {
		fprintf(stderr, "raqib%s%s: ", cmd ? " " : "", cmd ? cmd : "");
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "see 'raqib%s%s --help'\n", cmd ? " " : "", cmd ? cmd :
	    "");
	return EXIT_USAGE;
}

/* The lexicon: --lexicon, $RAQIB_LEXICON, the config's (-c), else the
 * installed one (or the source tree's, run from a build). */
static const char *
client_lexicon_dir(struct client_opts *o)
{
	static char	*from_config;
	struct config	*c;
	const char	*env;
	char		*cause = NULL;

	if (o->lexicon != NULL)
		return o->lexicon;
	if ((env = getenv("RAQIB_LEXICON")) != NULL && *env != '\0')
		return env;
	if (o->config != NULL && from_config == NULL) {
		if ((c = config_load(o->config, &cause)) != NULL) {
			from_config = xstrdup(c->lexicon);
			config_free(c);
		} else
			free(cause);	/* reported where the config is used */
	}
	return from_config != NULL ? from_config : config_default_lexicon();
}

struct extract *
client_engine(struct client_opts *o)
{
	struct extract	*ex;
	char		*cause = NULL;

	if ((ex = extract_new(client_lexicon_dir(o), &cause)) == NULL) {
		fprintf(stderr, "raqib: lexicon: %s\n", cause);
		free(cause);
	}
	return ex;
}

/* -c after the command (raqib sub -c FILE) counts as before it; seen
 * here because the lexicon it names is loaded before the command's own
 * options are read. */
static void
client_config_arg(int argc, char **argv, struct client_opts *o)
{
	int	i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if ((strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") ==
		    0) && i + 1 < argc)
			o->config = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			o->config = argv[i] + 9;
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lexicon", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct client_opts o;
	size_t		 i;
	int		 ch;

	memset(&o, 0, sizeof o);
	log_init("raqib", LOG_LVL_WARN);
	while ((ch = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.config = optarg;
			break;
		case 'L':
			o.lexicon = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("raqib %s (default config %s)\n", RAQIB_VERSION,
			    RAQIBD_CONFIG);
			return EXIT_OK;
		default:
			return client_usage_error(NULL, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return client_usage_error(NULL, "no command given");
	client_config_arg(argc, argv, &o);
	/* the config raqibd uses by default, so both agree on the ports */
	if (o.config == NULL && access(RAQIBD_CONFIG, R_OK) == 0)
		o.config = RAQIBD_CONFIG;
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			/* getopt's messages name "raqib sub", not "sub" */
			xasprintf(&argv[0], "raqib %s", commands[i].name);
			optind = 1;
			return commands[i].fn(argc, argv, &o);
		}
	return client_usage_error(NULL, "unknown command \"%s\"", argv[0]);
}
