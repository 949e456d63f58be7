/* Articles handed to raqibd over its replay socket. */
#ifndef RAQIB_SUBMIT_H
#define RAQIB_SUBMIT_H

#include <stddef.h>

char	*submit_write(const char *, long, const char *, const void *, size_t,
	    char *, char **);

#endif
