/* The resume file: the last seq a subscriber has handled, the id of the
 * store it counts in and the run of raqibd it was checked against, kept
 * atomically. */
#ifndef RAQIB_RESUME_H
#define RAQIB_RESUME_H

#include <stddef.h>

#define RESUME_STORE_MAX	65	/* bytes of a store id, with its NUL */
#define RESUME_GEN_MAX		33	/* bytes of a generation, with its NUL */

struct resume_pos {
	long long	seq;
	char		store[RESUME_STORE_MAX];	/* "": unknown */
	char		generation[RESUME_GEN_MAX];	/* "": unknown */
};

int	resume_load(const char *, struct resume_pos *, char **);
int	resume_save(const char *, const struct resume_pos *, char **);
int	resume_check(const char *, char **);

#endif
