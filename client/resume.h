/* The resume file: the last seq a subscriber has handled and the id of
 * the store it counts in, kept atomically. */
#ifndef RAQIB_RESUME_H
#define RAQIB_RESUME_H

#include <stddef.h>

#define RESUME_STORE_MAX	65	/* bytes of a store id, with its NUL */

int	resume_load(const char *, long long *, char *, size_t, char **);
int	resume_save(const char *, long long, const char *, char **);
int	resume_check(const char *, char **);

#endif
