/* Length-prefixed frames between raqibd and its extraction workers. */
#ifndef RAQIB_FRAME_H
#define RAQIB_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* A frame is a 4-byte big-endian length, then that many bytes; the first
 * byte of a worker's frame says what it is. */
#define FRAME_HEADER	4
#define FRAME_MAX	(256U * 1024 * 1024)

#define FRAME_READY	'R'	/* the worker loaded the lexicon: its pid */
#define FRAME_ERROR	'E'	/* it could not start: why */
#define FRAME_RESULT	'J'	/* the text's fingerprint (FINGERPRINT_PACKED
				   bytes), then raqib.extract/1 */
#define FRAME_FAILED	'F'	/* the engine gave no answer */
#define FRAME_EXTRACT	'X'	/* to the worker: path, sha256, encoding, text */

int	frame_write(int, char, const void *, size_t);
int	frame_write2(int, char, const void *, size_t, const void *, size_t);
int	frame_read(int, char **, size_t *);
void	frame_header(unsigned char *, size_t);
size_t	frame_length(const unsigned char *);

#endif
