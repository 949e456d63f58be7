/* libFuzzer target: the extraction engine on arbitrary bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "raqib/extract.h"

static struct extract *ex;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t	*o;
	char	*cause = NULL;

	if (ex == NULL && (ex = extract_new(RAQIB_TEST_LEXICON, &cause)) == NULL) {
		fprintf(stderr, "lexicon: %s\n", cause);
		abort();
	}
	if ((o = extract_run(ex, (const char *)data, size, NULL)) == NULL)
		abort();	/* every input gets an answer */
	json_decref(o);
	return 0;
}
