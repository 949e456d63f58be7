/* libFuzzer target: jsonload takes what jansson's loader takes, refuses
 * what it refuses, and builds the same tree, to the byte once dumped. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/jsonload.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t	*want = json_loadb((const char *)data, size, 0, NULL);
	json_t	*got = jsonload_own((const char *)data, size);
	char	*a, *b;

	if (got != NULL) {	/* jansson's fallback aside: its own reading */
		if (want == NULL)
			abort();
		a = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
		b = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
		if (a == NULL || b == NULL || strcmp(a, b) != 0 ||
		    !json_equal(want, got))
			abort();
		free(a);
		free(b);
	}
	json_decref(want);
	json_decref(got);
	return 0;
}
