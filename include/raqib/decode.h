/* Decoding article files to UTF-8, or saying why they cannot be. */
#ifndef RAQIB_DECODE_H
#define RAQIB_DECODE_H

#include <stddef.h>

struct decode_result {
	char		*text;		/* UTF-8, NUL-terminated; NULL if rejected */
	size_t		 len;
	const char	*encoding;	/* UTF-8, UTF-16LE, windows-1256, … */
	const char	*reason;	/* when rejected: empty, binary, … */
	char		*detail;
};

/* The daemon's default [watch] max_file_bytes, and the client's limit. */
#define DECODE_MAX_BYTES	4194304

int	decode_text(const char *, size_t, struct decode_result *);
int	decode_read(const char *, size_t, char **, size_t *,
	    struct decode_result *);
void	decode_clear(struct decode_result *);

#endif
