/* Reading a file descriptor to its end, never more than a limit. */
#ifndef RAQIB_READFILE_H
#define RAQIB_READFILE_H

#include <stddef.h>

char	*readfile_fd(int, size_t, size_t *, int *);

#endif
