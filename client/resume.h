/* The resume file: the last seq a subscriber has handled, kept atomically. */
#ifndef RAQIB_RESUME_H
#define RAQIB_RESUME_H

int	resume_load(const char *, long long *, char **);
int	resume_save(const char *, long long, char **);

#endif
