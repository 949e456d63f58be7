#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "raqib/extract.h"
#include "raqib/names.h"
#include "raqib.h"

static void
list_usage(FILE *f)
{
	fprintf(f, "usage: raqib list types|regions|actors\n\n"
	    "Prints the names the filters accept, from the lexicon:\n"
	    "  types     --type: ids, labels, and ACLED's types and sub-types\n"
	    "            (an ACLED type means every raqib type under it)\n"
	    "  regions   --region: slug paths (ml/kidal), ISO 3166-2 codes\n"
	    "            (ML-8), country codes; CC/_ is a country's events\n"
	    "            whose region is unknown, xx those whose country is\n"
	    "  actors    --actor: ids, names, abbreviations, Arabic names\n\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

int
cmd_list(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct extract	*ex;
	int		 ch, rc;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			list_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("list", NULL);
		}
	}
	if (optind + 1 != argc || (strcmp(argv[optind], "types") != 0 &&
	    strcmp(argv[optind], "regions") != 0 &&
	    strcmp(argv[optind], "actors") != 0))
		return client_usage_error("list", "give types, regions or "
		    "actors");
	if ((ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	rc = names_list(ex, argv[optind], stdout);
	extract_free(ex);
	if (rc == 0 && fflush(stdout) == EOF)
		return EXIT_RUNTIME;
	return rc == 0 ? EXIT_OK : EXIT_USAGE;
}
