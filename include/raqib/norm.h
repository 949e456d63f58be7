/* Arabic matching forms: the one place that decides which spellings are equal. */
#ifndef RAQIB_NORM_H
#define RAQIB_NORM_H

#include <stddef.h>
#include <stdint.h>
#include <unicode/utypes.h>

#define NORM_MAX	256	/* bytes of a normalised token, longer is cut */
#define NORM_STEMS	12

/* A proclitic reading of a token: what is left after و ف ب ك ل ال. */
enum { NORM_PREP_BA = 1, NORM_PREP_KAF, NORM_PREP_LAM };
struct norm_stem {
	const char	*s;	/* points into the caller's token form */
	uint8_t		 len;
	uint8_t		 conj;	/* و or ف */
	uint8_t		 prep;	/* NORM_PREP_*: ب ك ل, or 0 */
	uint8_t		 art;	/* ال */
};

size_t	 norm_utf16(const UChar *, int32_t, char *, size_t);
size_t	 norm_utf8(const char *, size_t, char *, size_t);
int	 norm_stems(const char *, size_t, struct norm_stem *, int);
size_t	 norm_skeleton(const char *, size_t, char *, size_t);
size_t	 norm_letters(const char *, size_t);
int	 norm_edit_distance(const char *, size_t, const char *, size_t);
int	 norm_utf8_valid(const char *, size_t);
uint32_t norm_utf8_next(const char *, size_t, size_t *);
size_t	 norm_utf8_put(uint32_t, char *);
size_t	 norm_fold_ascii(const char *, char *, size_t);

#endif
