/*
 * Extraction speed on one core: the seed articles run through the engine
 * until at least 5 MB have passed, next to ICU's own word-break speed over
 * the same text, and the peak resident memory.  Prints a table; not a test.
 *
 * usage: bench_extract [-m MB] [-l LEXICON] FILE...
 */
#include <sys/resource.h>

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "bench.h"
#include "raqib/extract.h"

struct article {
	char	*text;
	size_t	 len;
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ICU word boundaries over UTF-16 text, converted per article as the engine must. */
static size_t
bench_wordbreak(const struct article *a, size_t na, size_t passes)
{
	UErrorCode	 ec = U_ZERO_ERROR;
	UBreakIterator	*bi;
	UChar		*u = NULL;
	size_t		 p, i, words = 0, cap = 0;
	int32_t		 ulen;

	bi = ubrk_open(UBRK_WORD, "ar", NULL, 0, &ec);
	if (U_FAILURE(ec))
		errx(1, "ubrk_open: %s", u_errorName(ec));
	for (p = 0; p < passes; p++) {
		for (i = 0; i < na; i++) {
			if (cap < a[i].len + 1) {
				cap = a[i].len + 1;
				u = realloc(u, cap * sizeof *u);
			}
			ec = U_ZERO_ERROR;
			u_strFromUTF8(u, cap, &ulen, a[i].text, a[i].len, &ec);
			ubrk_setText(bi, u, ulen, &ec);
			if (U_FAILURE(ec))
				errx(1, "word break: %s", u_errorName(ec));
			while (ubrk_next(bi) != UBRK_DONE)
				words++;
		}
	}
	ubrk_close(bi);
	free(u);
	return words;
}

int
main(int argc, char **argv)
{
	struct article	*a;
	struct extract	*ex;
	struct rusage	 ru;
	const char	*lexicon = RAQIB_BENCH_LEXICON;
	char		*cause;
	double		 mb = 5, t0, t_load, t_ex, t_wb;
	size_t		 na, i, p, passes, bytes = 0, events = 0, words;
	long		 rss_loaded;
	int		 ch;
	json_t		*o;

	while ((ch = getopt(argc, argv, "l:m:")) != -1) {
		switch (ch) {
		case 'l':
			lexicon = optarg;
			break;
		case 'm':
			mb = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: bench_extract [-m MB] [-l LEXICON] "
			    "FILE...\n");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		errx(2, "no articles given");
	na = argc;
	a = calloc(na, sizeof *a);
	for (i = 0; i < na; i++) {
		a[i].text = bench_slurp(argv[i], &a[i].len);
		bytes += a[i].len;
	}
	passes = (size_t)(mb * 1e6 / bytes) + 1;

	t0 = now();
	if ((ex = extract_new(lexicon, &cause)) == NULL)
		errx(1, "%s", cause);
	t_load = now() - t0;
	getrusage(RUSAGE_SELF, &ru);
	rss_loaded = ru.ru_maxrss;

	t0 = now();
	for (p = 0; p < passes; p++) {
		for (i = 0; i < na; i++) {
			o = extract_run(ex, a[i].text, a[i].len, NULL);
			events += json_array_size(json_object_get(o, "events"));
			json_decref(o);
		}
	}
	t_ex = now() - t0;
	t0 = now();
	words = bench_wordbreak(a, na, passes);
	t_wb = now() - t0;
	getrusage(RUSAGE_SELF, &ru);

	printf("extraction, one core: %zu articles (%.1f KB) x %zu passes = "
	    "%.1f MB\n\n", na, bytes / 1e3, passes, bytes * passes / 1e6);
	printf("| stage | MB/s | articles/s | per article |\n");
	printf("|---|---:|---:|---:|\n");
	printf("| raqib extract_run (full engine, JSON out) | %.1f | %.0f | %.0f µs |\n",
	    bytes * passes / 1e6 / t_ex, na * passes / t_ex,
	    t_ex / (na * passes) * 1e6);
	printf("| ICU word break (UTF-8 → UTF-16 + ubrk) | %.1f | %.0f | %.0f µs |\n",
	    bytes * passes / 1e6 / t_wb, na * passes / t_wb,
	    t_wb / (na * passes) * 1e6);
	printf("\n| memory and set-up | value |\n|---|---:|\n");
	printf("| lexicon load | %.0f ms |\n", t_load * 1e3);
	printf("| peak RSS after lexicon load | %.1f MB |\n", rss_loaded / 1024.0);
	printf("| peak RSS after the run | %.1f MB |\n", ru.ru_maxrss / 1024.0);
	printf("| events per pass | %zu |\n| word-break boundaries per pass | %zu |\n",
	    events / passes, words / passes);
	extract_free(ex);
	for (i = 0; i < na; i++)
		free(a[i].text);
	free(a);
	return 0;
}
