/* libFuzzer target: the replay request parser (protocol.h). */
#include <stdint.h>
#include <stdlib.h>

#include "raqib/protocol.h"
#include "replay.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay_req r;
	char	*cause = NULL;
	size_t	 i;

	if (replay_parse((const char *)data, size, &r, &cause) == 0) {
		if (r.limit < 1 || r.limit > RAQIB_REPLAY_MAX_LIMIT ||
		    r.nprefixes > RAQIB_REPLAY_MAX_PREFIXES || r.after < 0 ||
		    (r.until != 0 && r.until < r.after))
			abort();
		for (i = 0; i < r.nprefixes; i++)
			if (r.prefixes[i] == NULL)
				abort();
		replay_clear(&r);
	} else {
		if (cause == NULL)
			abort();	/* an error reply needs a reason */
		free(cause);
	}
	return 0;
}
