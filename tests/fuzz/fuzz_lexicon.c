/*
 * libFuzzer target: the lexicon loader and its contract check on mutated
 * lexicon files, then the engine on a fixed text with whatever loaded. The
 * first byte picks the file the rest of the input replaces, in a copy of
 * the real lexicon.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "raqib/extract.h"

static const char *const files[] = { "actors.json", "admin1.json",
    "casualties.json", "context.json", "countries.json", "dates.json",
    "event_types.json", "events.json", "numbers.json", "people.json",
    "places.json", "regions.json", "titles.json" };
#define NFILES (sizeof files / sizeof files[0])

static const char text[] = "قتل خمسة جنود على الأقل وخطف مسلحون ثلاثة "
    "مدنيين في هجوم على قاعدة للجيش المالي قرب كيدال يوم الثلاثاء، وفق ما "
    "أعلنت جماعة نصرة الإسلام والمسلمين. وتظاهر المئات في نيامي.";

static char	dir[64];

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
put(const char *name, const void *data, size_t len)
{
	char	 path[128];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0)
		abort();
}

/* Writes the real file back, or the fuzzer's version of it. */
static void
restore(const char *name)
{
	char	 path[4096], *buf;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof path, "%s/%s", RAQIB_TEST_LEXICON, name);
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		abort();
	if ((buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	put(name, buf, (size_t)n);
	free(buf);
}

/* The copy goes when the fuzzer exits. */
static void
cleanup(void)
{
	char	path[128];
	size_t	i;

	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract	*ex;
	json_t		*o;
	char		*cause = NULL;
	size_t		 i, which;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "/tmp/raqib-fuzz-lex-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		for (i = 0; i < NFILES; i++)
			restore(files[i]);
		atexit(cleanup);
	}
	if (size == 0)
		return 0;
	which = data[0] % NFILES;
	put(files[which], data + 1, size - 1);
	if ((ex = extract_new(dir, &cause)) == NULL) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
	} else {
		if ((o = extract_run(ex, text, sizeof text - 1, NULL)) == NULL)
			abort();
		json_decref(o);
		extract_free(ex);
	}
	restore(files[which]);
	return 0;
}
