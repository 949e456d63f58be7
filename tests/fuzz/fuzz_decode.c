/* libFuzzer target: decoding article bytes to UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raqib/decode.h"
#include "raqib/norm.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decode_result r;

	if (decode_text((const char *)data, size, &r) == 0) {
		/* accepted text is valid UTF-8 */
		if (r.text == NULL || !norm_utf8_valid(r.text, r.len) ||
		    strlen(r.text) > r.len)
			abort();
	} else if (r.reason == NULL || r.text != NULL)
		abort();	/* a rejection always says why */
	decode_clear(&r);
	return 0;
}
