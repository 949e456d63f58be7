#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "raqib/decode.h"
#include "raqib/extract.h"
#include "raqib/sha256.h"
#include "raqib/xmalloc.h"
#include "raqib.h"

static void
cmd_extract_usage(FILE *f)
{
	fprintf(f, "usage: raqib extract [--json] FILE...\n\n"
	    "Runs the extraction engine on each file and prints what\n"
	    "it found: places, actors, people, casualty figures and events.\n\n"
	    "  --json   one raqib.extract/1 object per file, one per line, in\n"
	    "           argument order (JSON Lines)\n"
	    "  --debug  also list each sentence's tokens and lexicon matches on\n"
	    "           stderr (for lexicon authors)\n"
	    "  --help   this text\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

/*
 * Reads and decodes an article file exactly as raqibd does (decode.c): the
 * same limits, encodings and rejections. Returns 0 with *text (UTF-8, for
 * the caller to free), *len, the SHA-256 of the file's bytes and its
 * encoding; or -1 after saying why on stderr. Shared with eval.
 */
int
cmd_extract_read(const char *cmd, const char *path, char **text, size_t *len,
    char sha[65], const char **encoding)
{
	struct decode_result dr;
	char		*raw;
	size_t		 n;

	if (decode_read(path, DECODE_MAX_BYTES, &raw, &n, &dr) == -1)
		goto rejected;
	sha256_hex(raw, n, sha);
	if (decode_text(raw, n, &dr) == -1) {
		free(raw);
		goto rejected;
	}
	free(raw);
	*text = dr.text;
	*len = dr.len;
	*encoding = dr.encoding;
	dr.text = NULL;
	decode_clear(&dr);
	return 0;
rejected:
	fprintf(stderr, "raqib %s: %s: rejected (%s): %s\n", cmd, path,
	    dr.reason, dr.detail ? dr.detail : "");
	decode_clear(&dr);
	return -1;
}

/* The readable summary of one file. */
static void
cmd_extract_print(json_t *o)
{
	json_t	*v, *e;
	size_t	 i, j;

	printf("%s\n", json_string_value(json_object_get(json_object_get(o,
	    "doc"), "path")));
	json_array_foreach(json_object_get(o, "events"), i, e) {
		json_t *p = json_object_get(e, "place");

		printf("  event  %-26s %s%s%s\n", json_string_value(json_object_get(e,
		    "type")), json_is_object(p) ? json_string_value(
		    json_object_get(p, "name")) : "?",
		    json_string_value(json_object_get(json_object_get(e, "date"),
		    "start")) ? "  " : "",
		    json_string_value(json_object_get(json_object_get(e, "date"),
		    "start")) ? json_string_value(json_object_get(json_object_get(
		    e, "date"), "start")) : "");
	}
	json_array_foreach(json_object_get(o, "casualties"), i, e) {
		v = json_object_get(e, "value");
		printf("  figure %-9s %-6s %-9s %s\n", json_string_value(
		    json_object_get(e, "kind")), json_is_integer(v) ? "" : "",
		    json_string_value(json_object_get(e, "qualifier")),
		    json_string_value(json_object_get(e, "surface")));
		if (json_is_integer(v))
			printf("         value %lld\n", (long long)
			    json_integer_value(v));
	}
	json_array_foreach(json_object_get(o, "places"), i, e)
		printf("  place  %-8s %s (%s)\n", json_string_value(json_object_get(e,
		    "precision")), json_string_value(json_object_get(e, "name")),
		    json_string_value(json_object_get(e, "country")) ?
		    json_string_value(json_object_get(e, "country")) : "-");
	json_array_foreach(json_object_get(o, "actors"), i, e)
		printf("  actor  %s\n", json_string_value(json_object_get(e,
		    "id")));
	json_array_foreach(json_object_get(o, "people"), i, e) {
		v = json_object_get(e, "name");
		printf("  person %s", json_is_string(v) ? json_string_value(v) :
		    json_string_value(json_object_get(e, "name_ar")));
		j = json_array_size(json_object_get(e, "mentions"));
		printf(" (%zu mention%s)\n", j, j == 1 ? "" : "s");
	}
}

int
cmd_extract(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "debug", no_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct extract	*ex;
	struct extract_doc info;
	json_t		*out;
	char		*buf, sha[65], *line;
	size_t		 len;
	int		 ch, json = 0, debug = 0, i, rc = EXIT_OK;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'd':
			debug = 1;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			cmd_extract_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("extract", NULL);
		}
	}
	if (optind >= argc)
		return client_usage_error("extract", "no FILE given");
	if (sodium_init() < 0 || (ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	for (i = optind; i < argc; i++) {
		if (cmd_extract_read("extract", argv[i], &buf, &len, sha,
		    &info.encoding) == -1) {
			rc = EXIT_RUNTIME;
			continue;
		}
		info.path = argv[i];
		info.sha256 = sha;
		out = extract_run(ex, buf, len, &info);
		free(buf);
		if (out == NULL) {
			fprintf(stderr, "raqib extract: %s: extraction failed\n",
			    argv[i]);
			rc = EXIT_RUNTIME;
			continue;
		}
		if (debug)
			extract_debug(ex, stderr);
		if (json) {
			line = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
			puts(line);
			free(line);
		} else
			cmd_extract_print(out);
		json_decref(out);
	}
	extract_free(ex);
	return rc;
}
