#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "raqib/readfile.h"
#include "raqib/xmalloc.h"

/* Reads fd to its end, at most max bytes (then *too_large is set);
 * NUL-terminated, NULL with errno on a read error. */
char *
readfile_fd(int fd, size_t max, size_t *len, int *too_large)
{
	char	*buf = NULL;
	size_t	 cap = 0, n = 0;
	ssize_t	 r;

	*too_large = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = max + 1;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		r = read(fd, buf + n, cap - n);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			*too_large = 1;
			break;
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}
